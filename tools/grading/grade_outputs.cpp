#include "tools/grading/grade_outputs.hpp"

#include <algorithm>
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

const CategoryScore* category_of(const SubmissionGrade& grade, const TestResult& t) {
  for (const auto& c : grade.categories)
    if (c.name == t.category) return &c;
  return nullptr;
}

// A test's share of the grade: its points scaled by its category's weight,
// so that the tests add up to the score.
std::pair<double, double> weighted(const SubmissionGrade& grade, const TestResult& t) {
  const CategoryScore* c = category_of(grade, t);
  if (c == nullptr || c->max_points <= 0) return {t.score, t.max_score};
  const double scale = c->weight / c->max_points;
  return {t.score * scale, t.max_score * scale};
}

// What the automated score leaves out, for the grade's output.
std::string by_hand_note(const SubmissionGrade& grade) {
  std::vector<std::string> parts;
  double weight = 0;
  for (const auto& c : grade.categories)
    if (c.by_hand) {
      parts.push_back(fmt::format("{} ({:g})", c.name, c.weight));
      weight += c.weight;
    }
  if (parts.empty()) return {};
  return fmt::format("Graded by hand, not in this score: {} — {:g} points for the instructor to give.", fmt::join(parts, ", "),
                     weight);
}

}  // namespace

std::string gradescope_json(const SubmissionGrade& grade, const GradingSuite& suite) {
  json tests = json::array();
  for (const auto& t : grade.tests) {
    const auto [score, max_score] = weighted(grade, t);
    json test = {{"name", t.name},
                 {"score", score},
                 {"max_score", max_score},
                 {"status", status_of(t)},
                 {"output", t.output},
                 {"visibility", name_of(t.visibility)}};
    if (!t.category.empty()) {
      test["tags"] = json::array({t.category});
      test["extra_data"] = {{"category", t.category}, {"points", t.score}, {"max_points", t.max_score}};
    }
    tests.push_back(std::move(test));
  }
  if (grade.design) {
    json design = {{"name", "design signals (not scored)"},
                   {"score", 0},
                   {"max_score", 0},
                   {"status", "passed"},
                   {"output", grade.design->describe()},
                   {"visibility", suite.design_signals && suite.design_signals->students_see ? "visible" : "hidden"}};
    const auto named_design = std::find_if(suite.categories.begin(), suite.categories.end(),
                                           [](const Category& c) { return c.name == "design"; });
    if (named_design != suite.categories.end()) design["tags"] = json::array({"design"});
    tests.push_back(std::move(design));
  }
  std::string output = grade.output;
  if (const std::string note = by_hand_note(grade); !note.empty()) output += (output.empty() ? "" : "\n\n") + note;
  json out = {{"score", grade.score},
              {"execution_time", grade.execution_s},
              {"output", output},
              {"visibility", "visible"},
              {"stdout_visibility", "hidden"},
              {"tests", tests}};
  if (!grade.categories.empty()) {
    json categories = json::array();
    for (const auto& c : grade.categories)
      categories.push_back({{"name", c.name}, {"weight", c.weight}, {"by_hand", c.by_hand},
                            {"score", c.by_hand ? json(nullptr) : json(c.score)}});
    out["extra_data"] = {{"categories", categories}};
  }
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
  for (const auto& c : suite.categories)
    out += "," + csv_field(c.name + (std::any_of(suite.tests.begin(), suite.tests.end(),
                                                 [&](const GradingTest& t) { return t.category == c.name; })
                                         ? fmt::format(" ({:g})", c.weight)
                                         : fmt::format(" ({:g}, by hand)", c.weight)));
  out += ",total,max_score";
  if (suite.design_signals)
    out += fmt::format(",lines,functions over {} lines,longest function,most complex function,clang-tidy findings",
                       DesignSignals::long_function_lines);
  out += "\n";
  for (const auto& g : grades) {
    out += csv_field(g.submission) + "," + csv_field(g.language);
    for (const auto& t : g.tests) out += fmt::format(",{:g}", t.score);
    // By hand: left empty for the instructor to fill in.
    for (const auto& c : g.categories) out += c.by_hand || c.max_points <= 0 ? std::string(",") : fmt::format(",{:.4g}", c.score);
    out += fmt::format(",{:.4g},{:g}", g.score, g.max_score);
    if (suite.design_signals) {
      if (g.design) {
        int longest = 0, most_complex = 0;
        for (const auto& f : g.design->functions) {
          longest = std::max(longest, f.lines);
          most_complex = std::max(most_complex, f.complexity);
        }
        out += fmt::format(",{},{},{},{},{}", g.design->lines, g.design->long_functions().size(), longest, most_complex,
                           g.design->linted ? std::to_string(g.design->findings.size()) : std::string());
      } else {
        out += ",,,,,";
      }
    }
    out += "\n";
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
  for (const auto& c : grade.categories) {
    if (c.by_hand) out += fmt::format("{:<{}}  {:>6}  {:>6g}  graded by hand\n", c.name, width, "", c.weight);
    else if (c.max_points <= 0) out += fmt::format("{:<{}}  {:>6}  {:>6}  no test applies\n", c.name, width, "", "");
    else out += fmt::format("{:<{}}  {:>6.4g}  {:>6g}  {:g} of {:g} points\n", c.name, width, c.score, c.weight, c.points, c.max_points);
  }
  out += fmt::format("{:<{}}  {:>6.4g}  {:>6g}\n", "total", width, grade.score, grade.max_score);
  if (grade.design) {
    const auto longs = grade.design->long_functions();
    const auto complex = grade.design->complex_functions();
    out += fmt::format("design signals (not scored): {} lines; {} function{} over {} lines{}; {} of complexity over {}{}{}\n",
                       grade.design->lines, longs.size(), longs.size() == 1 ? "" : "s", DesignSignals::long_function_lines,
                       longs.empty() ? "" : fmt::format(" (longest: {}, {} lines)", longs.front().name, longs.front().lines),
                       complex.size(), DesignSignals::complex_function,
                       complex.empty() ? "" : fmt::format(" (most: {}, {})", complex.front().name, complex.front().complexity),
                       grade.design->linted ? fmt::format("; {} clang-tidy findings", grade.design->findings.size()) : "");
  }
  return out;
}

std::string feedback_html(const GradingSuite& suite, const SubmissionGrade& grade, Audience audience) {
  // As on Gradescope, the student's page counts the tests not visible yet
  // (hidden, or shown after the due date) but does not show them.
  const bool instructor = audience == Audience::instructor;
  std::vector<const TestResult*> shown;
  for (const auto& t : grade.tests)
    if (instructor || t.visibility == Visibility::visible) shown.push_back(&t);
  std::string html = reports::html_head(fmt::format("{}: {} — chaossim grade", grade.submission, suite.name));
  html += fmt::format("<h1>{}{}</h1>\n<p>Suite <b>{}</b>. Score <b>{:.4g}</b> of {:g}.</p>\n", html_escaped(grade.submission),
                      instructor ? " (the instructor's view: every test, and the design signals)" : "",
                      html_escaped(suite.name), grade.score, grade.max_score);
  if (!grade.output.empty()) html += fmt::format("<pre>{}</pre>\n", html_escaped(grade.output));
  if (!grade.categories.empty()) {
    html += "<table>\n<tr><th>part of the rubric</th><th>weight</th><th>score</th></tr>\n";
    for (const auto& c : grade.categories) {
      const std::string score = c.by_hand ? "graded by hand" : c.max_points <= 0 ? "no test applies" : fmt::format("{:.4g}", c.score);
      html += fmt::format("<tr><td>{}</td><td>{:g}</td><td>{}</td></tr>\n", html_escaped(c.name), c.weight, score);
    }
    html += "</table>\n";
    if (const std::string note = by_hand_note(grade); !note.empty()) html += fmt::format("<p>{}</p>\n", html_escaped(note));
  }
  html += fmt::format("<table>\n<tr><th>test</th>{}<th>points</th><th>verdict</th></tr>\n",
                      grade.categories.empty() ? "" : "<th>part</th>");
  for (const auto* t : shown)
    html += fmt::format("<tr><td><a href=\"#{}\">{}</a></td>{}<td>{:g} / {:g}</td><td class=\"{}\">{}</td></tr>\n",
                        html_escaped(t->name), html_escaped(t->name),
                        grade.categories.empty() ? "" : "<td>" + html_escaped(t->category) + "</td>", t->score, t->max_score,
                        t->passed ? "verdict-met" : "verdict-failed", t->passed ? "passed" : "failed");
  html += "</table>\n";
  if (shown.size() < grade.tests.size())
    html += fmt::format("<p>{} more tests (hidden, or shown after the due date) are not listed here.</p>\n",
                        grade.tests.size() - shown.size());
  if (grade.design && (instructor || (suite.design_signals && suite.design_signals->students_see)))
    html += fmt::format("<h2 id=\"design-signals\">Design signals</h2>\n<pre>{}</pre>\n", html_escaped(grade.design->describe()));
  for (const auto* t : shown) {
    html += fmt::format("<h2 id=\"{}\">{} <span class=\"{}\">{}</span></h2>\n<pre>{}</pre>\n", html_escaped(t->name),
                        html_escaped(t->name), t->passed ? "verdict-met" : "verdict-failed", t->passed ? "passed" : "failed",
                        html_escaped(t->output));
    html += charts_of(*t);
  }
  return html + reports::html_tail();
}

}  // namespace chaossim::grading
