#include "reports/junit.hpp"

#include <fmt/format.h>

#include "reports/html.hpp"

namespace chaossim::reports {

namespace {

std::string actual_text(const SloCheck& c) {
  if (!c.actual) return "none (never recovered)";
  if (!c.ci95) return fmt::format("{:.6g}", *c.actual);
  return fmt::format("{:.6g} (95% CI {:.6g} to {:.6g})", *c.actual, c.ci95->first, c.ci95->second);
}

}  // namespace

std::string junit_document(const std::string& name, const std::string& type, const std::vector<JunitSuite>& suites) {
  std::size_t tests = 0, failures = 0, skips = 0;
  std::string body;
  for (const auto& suite : suites) {
    std::size_t failed = 0, skipped = 0;
    std::string cases;
    for (const auto& c : suite.cases) {
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n", html_escaped(c.classname), html_escaped(c.name));
      if (c.failure_message) {
        ++failed;
        cases += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", html_escaped(*c.failure_message),
                             html_escaped(type), html_escaped(c.failure_text));
      } else if (c.skipped_message) {
        ++skipped;
        cases += fmt::format("      <skipped message=\"{}\"/>\n", html_escaped(*c.skipped_message));
      }
      cases += fmt::format("      <system-out>{}</system-out>\n    </testcase>\n", html_escaped(c.system_out));
    }
    tests += suite.cases.size();
    failures += failed;
    skips += skipped;
    body += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">\n{}  </testsuite>\n",
                        html_escaped(suite.name), suite.cases.size(), failed, skipped, cases);
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{}</testsuites>\n",
                     html_escaped(name), tests, failures, skips, body);
}

std::string junit_xml(const std::vector<VariantSummary>& variants) {
  std::vector<JunitSuite> suites;
  for (const auto& v : variants) {
    JunitSuite suite{fmt::format("{} / {}", v.scenario, v.variant), {}};
    for (const auto& c : v.slo_checks) {
      JunitCase jc{fmt::format("{}.{}.{}", v.scenario, v.variant, v.slo_client.value_or("")), c.name, std::nullopt, {},
                   fmt::format("objective {:g}, actual {}", c.objective, actual_text(c))};
      if (c.verdict == Verdict::not_met) {
        jc.failure_message = fmt::format("{}: actual {}, objective {:g}", c.name, actual_text(c), c.objective);
        jc.failure_text = *jc.failure_message;
      } else if (c.verdict == Verdict::inconclusive) {
        jc.skipped_message = fmt::format("{}: inconclusive, actual {} straddles the objective {:g}; more replications would tell",
                                         c.name, actual_text(c), c.objective);
      }
      suite.cases.push_back(std::move(jc));
    }
    suites.push_back(std::move(suite));
  }
  return junit_document(variants.empty() ? "chaossim" : variants.front().scenario, "slo", suites);
}

}  // namespace chaossim::reports
