#include "tools/grading/grade_outputs.hpp"

#include <cctype>

#include <fmt/format.h>

#include "reports/csv_field.hpp"
#include "reports/gnuplot_chart.hpp"
#include "reports/html.hpp"
#include "reports/junit.hpp"

namespace chaossim::grading {
namespace {

using reports::html_escaped;

std::string status_of(const TestResult& t) { return t.passed ? "passed" : "failed"; }

using reports::csv_field;

std::string charts_of(const TestResult& t) {
  if (!t.trace) return {};
  const ScenarioTrace& trace = *t.trace;
  std::vector<reports::FaultWindow> faults;
  for (std::size_t i = 0; i < trace.faults.size(); ++i)
    faults.push_back({fmt::format("fault {}", i), trace.faults[i].first, trace.faults[i].second});
  const auto percent = [](const std::vector<std::optional<double>>& v) {
    std::vector<std::optional<double>> out;
    for (const auto& x : v) out.push_back(x ? std::optional(*x * 100) : std::nullopt);
    return out;
  };
  const auto fit = [&](std::vector<std::optional<double>> v) {
    v.resize(trace.bucket_starts_s.size());
    return v;
  };
  const std::string id = [&] {
    std::string s;
    for (char c : t.name) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    return s;
  }();
  reports::Chart availability{id + "-availability", "Availability over time", "availability (%)", trace.bucket_starts_s,
                              {{"yours", fit(percent(trace.availability))}, {"reference", fit(percent(trace.reference_availability))}},
                              faults, {}, std::pair(0.0, 100.0), false, {}};
  reports::Chart latency{id + "-p99", "p99 latency over time", "p99 latency (ms)", trace.bucket_starts_s,
                         {{"yours", fit(trace.p99_ms)}, {"reference", fit(trace.reference_p99_ms)}}, faults, {}, std::nullopt, false, {}};
  std::vector<const reports::Chart*> charts{&availability, &latency};
  reports::Chart edge{id + "-edge", trace.edge_title, trace.edge_ylabel, trace.bucket_starts_s,
                      {{"yours", fit(trace.edge)}, {"reference", fit(trace.reference_edge)}}, faults, {}, std::nullopt, false, {}};
  if (!trace.edge_title.empty()) charts.push_back(&edge);
  std::string html;
  for (const auto* chart : charts) {
    try {
      html += "<figure>" + reports::inline_svg(reports::render_chart(*chart, reports::ChartFormat::svg)) + "</figure>\n";
    } catch (const std::exception& e) {
      html += fmt::format("<p>(no chart: {})</p>\n", html_escaped(e.what()));
    }
  }
  return html;
}

}  // namespace

std::string gradescope_json(const SubmissionGrade& grade) {
  json tests = json::array();
  for (const auto& t : grade.tests)
    tests.push_back({{"name", t.name},
                     {"score", t.score},
                     {"max_score", t.max_score},
                     {"status", status_of(t)},
                     {"output", t.output},
                     {"visibility", name_of(t.visibility)}});
  json out = {{"score", grade.score},
              {"execution_time", grade.execution_s},
              {"output", grade.output},
              {"visibility", "visible"},
              {"stdout_visibility", "hidden"},
              {"tests", tests}};
  return out.dump(2) + "\n";
}

std::string grading_junit(const std::vector<SubmissionGrade>& grades) {
  std::vector<reports::JunitSuite> suites;
  for (const auto& g : grades) {
    reports::JunitSuite suite{g.submission, {}};
    for (const auto& t : g.tests) {
      reports::JunitCase c{g.submission, t.name, std::nullopt, {}, fmt::format("score {:g} of {:g}", t.score, t.max_score)};
      if (!t.passed) {
        c.failure_message = t.output.substr(0, t.output.find('\n'));
        c.failure_text = t.output;
      }
      suite.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(suite));
  }
  return reports::junit_document("chaossim grade", "grading", suites);
}

std::string gradebook_csv(const GradingSuite& suite, const std::vector<SubmissionGrade>& grades) {
  std::string out = "submission,language";
  for (const auto& t : suite.tests) out += "," + csv_field(t.name);
  out += ",total,max_score\n";
  for (const auto& g : grades) {
    out += csv_field(g.submission) + "," + csv_field(g.language);
    for (const auto& t : g.tests) out += fmt::format(",{:g}", t.score);
    out += fmt::format(",{:g},{:g}\n", g.score, g.max_score);
  }
  return out;
}

std::string console_table(const SubmissionGrade& grade) {
  std::size_t width = 4;
  for (const auto& t : grade.tests) width = std::max(width, t.name.size());
  std::string out = fmt::format("{:<{}}  {:>6}  {:>6}  {}\n", "test", width, "score", "max", "verdict");
  for (const auto& t : grade.tests) {
    std::string why;
    if (!t.passed) {
      // The line that says what went wrong: the first after the test's own feedback.
      const auto cut = t.output.find("\n\n");
      std::string rest = cut == std::string::npos ? t.output : t.output.substr(cut + 2);
      for (std::size_t start = 0; start < rest.size();) {
        const auto end = rest.find('\n', start);
        std::string line = rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line.starts_with("Your submission") || line.starts_with("At t =") || line.starts_with("FAIL")) {
          why = line;
          break;
        }
        if (end == std::string::npos) break;
        start = end + 1;
      }
      if (why.size() > 110) why = why.substr(0, 107) + "...";
    }
    out += fmt::format("{:<{}}  {:>6g}  {:>6g}  {}{}\n", t.name, width, t.score, t.max_score, t.passed ? "passed" : "FAILED",
                       why.empty() ? "" : ": " + why);
  }
  out += fmt::format("{:<{}}  {:>6g}  {:>6g}\n", "total", width, grade.score, grade.max_score);
  return out;
}

std::string feedback_html(const GradingSuite& suite, const SubmissionGrade& grade) {
  // The page goes to the student: as on Gradescope, tests not visible yet
  // (hidden, or shown after the due date) are counted but not shown.
  std::vector<const TestResult*> shown;
  for (const auto& t : grade.tests)
    if (t.visibility == Visibility::visible) shown.push_back(&t);
  std::string html = reports::html_head(fmt::format("{}: {} — chaossim grade", grade.submission, suite.name));
  html += fmt::format("<h1>{}</h1>\n<p>Suite <b>{}</b>. Score <b>{:g}</b> of {:g}.</p>\n", html_escaped(grade.submission),
                      html_escaped(suite.name), grade.score, grade.max_score);
  if (!grade.output.empty()) html += fmt::format("<pre>{}</pre>\n", html_escaped(grade.output));
  html += "<table>\n<tr><th>test</th><th>score</th><th>verdict</th></tr>\n";
  for (const auto* t : shown)
    html += fmt::format("<tr><td><a href=\"#{}\">{}</a></td><td>{:g} / {:g}</td><td class=\"{}\">{}</td></tr>\n",
                        html_escaped(t->name), html_escaped(t->name), t->score, t->max_score,
                        t->passed ? "verdict-met" : "verdict-failed", t->passed ? "passed" : "failed");
  html += "</table>\n";
  if (shown.size() < grade.tests.size())
    html += fmt::format("<p>{} more tests (hidden, or shown after the due date) are not listed here.</p>\n",
                        grade.tests.size() - shown.size());
  for (const auto* t : shown) {
    html += fmt::format("<h2 id=\"{}\">{} <span class=\"{}\">{}</span></h2>\n<pre>{}</pre>\n", html_escaped(t->name),
                        html_escaped(t->name), t->passed ? "verdict-met" : "verdict-failed", t->passed ? "passed" : "failed",
                        html_escaped(t->output));
    html += charts_of(*t);
  }
  return html + reports::html_tail();
}

}  // namespace chaossim::grading
