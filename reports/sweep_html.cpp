#include "reports/sweep_html.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/html.hpp"
#include "reports/sweep_charts.hpp"

namespace chaossim::reports {
namespace {

constexpr std::size_t rows_shown = 2000;

std::string estimate_text(const MetricEstimate& m) {
  if (!m.value) return "–";
  std::string text = fmt::format("{:.5g}", *m.value);
  if (m.ci95) text += fmt::format(" <span class=\"ci\">[{:.4g}, {:.4g}]</span>", m.ci95->first, m.ci95->second);
  return text;
}

std::string edge_section(const EdgeFound& e) {
  std::string h = "<h2>The edge</h2>\n<p>";
  if (e.low && e.high) {
    h += fmt::format("<strong>{}</strong> crosses {} between <strong>{} = {}</strong> and <strong>{}</strong> (the last bracket, {} wide; "
                     "precision asked: {}).",
                     html_escaped(e.metric), e.threshold, html_escaped(e.parameter), *e.low, *e.high, *e.high - *e.low, e.precision);
    h += " Given the noise of the replications, the crossing lies between ";
    h += e.confident_low ? fmt::format("{}", *e.confident_low) : std::string("the start of the span");
    h += " and ";
    h += e.confident_high ? fmt::format("{}", *e.confident_high) : std::string("the end of the span");
    h += " (the nearest points whose 95% interval is wholly on their side).";
    if (e.verdict != "found") h += " " + html_escaped(e.verdict) + ".";
  } else {
    h += html_escaped(e.verdict) + ".";
  }
  return h + "</p>\n";
}

std::string points_table(const SweepTable& t) {
  std::string h = "<h2>Points</h2>\n";
  if (t.rows.size() > rows_shown)
    h += fmt::format("<p>The first {} of {} points; sweep.csv has them all.</p>\n", rows_shown, t.rows.size());
  h += "<table>\n<thead><tr><th>point</th>";
  for (const auto& p : t.parameters) h += "<th>" + html_escaped(p) + "</th>";
  for (const auto& m : t.metrics) h += "<th>" + html_escaped(m) + " <span class=\"ci\">[95% CI]</span></th>";
  h += "<th>SLO</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < t.rows.size() && i < rows_shown; ++i) {
    const auto& row = t.rows[i];
    const bool on_front = std::find(t.pareto_front.begin(), t.pareto_front.end(), row.id) != t.pareto_front.end();
    h += fmt::format("<tr><td>{}{}</td>", html_escaped(row.id), on_front ? " ★" : "");
    for (const auto& v : row.values) h += "<td>" + html_escaped(v.is_string() ? v.get<std::string>() : v.dump()) + "</td>";
    for (const auto& m : row.metrics) h += "<td>" + estimate_text(m) + "</td>";
    const std::string verdict = !row.slo_verdict                        ? "–"
                                : *row.slo_verdict == Verdict::not_met ? "<strong>not met</strong>"
                                                                        : verdict_text(*row.slo_verdict);
    h += fmt::format("<td>{}</td></tr>\n", verdict);
  }
  h += "</tbody>\n</table>\n";
  if (!t.pareto_front.empty()) h += "<p>★ on the Pareto front.</p>\n";
  return h;
}

}  // namespace

std::string sweep_html(const SweepTable& t) {
  std::string h = html_head("Sweep: " + t.name);
  h += "<h1>Sweep: " + html_escaped(t.name) + "</h1>\n";
  if (!t.description.empty()) h += "<p>" + html_escaped(t.description) + "</p>\n";
  std::size_t met = 0, inconclusive = 0, judged = 0;
  for (const auto& row : t.rows)
    if (row.slo_verdict) {
      ++judged;
      met += *row.slo_verdict == Verdict::met ? 1 : 0;
      inconclusive += *row.slo_verdict == Verdict::inconclusive ? 1 : 0;
    }
  h += fmt::format("<p>{} points over {} parameter{}", t.rows.size(), t.parameters.size(), t.parameters.size() == 1 ? "" : "s");
  if (judged > 0) h += fmt::format("; {} of {} meet their scenario's SLO", met, judged);
  if (inconclusive > 0) h += fmt::format(", {} inconclusive (more replications would tell)", inconclusive);
  h += ".</p>\n";
  if (t.edge) h += edge_section(*t.edge);
  if (!t.pareto_front.empty())
    h += fmt::format("<p>Pareto front ({} against {}): {}.</p>\n", html_escaped(t.pareto[0]), html_escaped(t.pareto[1]),
                     html_escaped(fmt::format("{}", fmt::join(t.pareto_front, ", "))));
  const auto charts = sweep_charts(t);
  const auto svgs = render_sweep_charts(charts, ChartFormat::svg);
  for (std::size_t i = 0; i < charts.size(); ++i)
    h += fmt::format("<figure class=\"chart\" id=\"chart-{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n", html_escaped(charts[i].id),
                     inline_svg(svgs[i]), html_escaped(charts[i].caption));
  h += points_table(t);
  h += html_tail();
  return h;
}

}  // namespace chaossim::reports
