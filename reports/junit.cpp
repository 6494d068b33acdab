#include "reports/junit.hpp"

#include <fmt/format.h>

#include "reports/html.hpp"

namespace chaossim::reports {

namespace {

std::string actual_text(const SloCheck& c) { return c.actual ? fmt::format("{:.6g}", *c.actual) : "none (never recovered)"; }

}  // namespace

std::string junit_xml(const std::vector<VariantSummary>& variants) {
  std::size_t tests = 0, failures = 0;
  std::string suites;
  for (const auto& v : variants) {
    std::size_t failed = 0;
    std::string cases;
    for (const auto& c : v.slo_checks) {
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n",
                           html_escaped(fmt::format("{}.{}.{}", v.scenario, v.variant, v.slo_client.value_or(""))), html_escaped(c.name));
      if (!c.met) {
        ++failed;
        const std::string message = fmt::format("{}: actual {}, objective {:g}", c.name, actual_text(c), c.objective);
        cases += fmt::format("      <failure message=\"{}\" type=\"slo\">{}</failure>\n", html_escaped(message), html_escaped(message));
      }
      cases += fmt::format("      <system-out>objective {:g}, actual {}</system-out>\n", c.objective, html_escaped(actual_text(c)));
      cases += "    </testcase>\n";
    }
    tests += v.slo_checks.size();
    failures += failed;
    suites += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">\n{}  </testsuite>\n",
                          html_escaped(fmt::format("{} / {}", v.scenario, v.variant)), v.slo_checks.size(), failed, cases);
  }
  const std::string name = variants.empty() ? "chaossim" : variants.front().scenario;
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n{}</testsuites>\n",
                     html_escaped(name), tests, failures, suites);
}

}  // namespace chaossim::reports
