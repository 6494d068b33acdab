#include "reports/compare_html.hpp"

#include <fmt/format.h>

#include "reports/chart_series.hpp"
#include "reports/html.hpp"
#include "reports/statistics.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

// The client the comparison watches: the SLO's, or the first.
std::string focus_client(const ordered_json& r) {
  if (!r["slo"].is_null()) return r["slo"]["client"].get<std::string>();
  return r["clients"].empty() ? "" : r["clients"].begin().key();
}

std::string cell(const MetricRow& row, std::size_t i, const std::string& name, const std::string& baseline) {
  std::string text = row.values[i] ? fmt::format("{:.4g}", *row.values[i]) : "–";
  const auto& d = row.diff[i];
  if (name != baseline && d.mean) {
    text += fmt::format(" ({:+.3g}", *d.mean);
    if (d.ci95) text += fmt::format(", 95% CI {:.3g} to {:.3g}", d.ci95->first, d.ci95->second);
    text += d.significant ? ", significant)" : ")";
  }
  return text;
}

}  // namespace

std::vector<Chart> compare_charts(const std::vector<Compared>& variants) {
  std::vector<Chart> out;
  if (variants.empty()) return out;
  const auto& first = *variants.front().results;
  const std::string client = focus_client(first);
  Chart availability, latency;
  availability.id = "compare-availability";
  availability.title = "Availability of " + client + ", every variant (in nines)";
  availability.ylabel = "availability";
  latency.id = "compare-p99";
  latency.title = "p99 latency of " + client + "'s successful requests, every variant (log scale)";
  latency.ylabel = "ms";
  latency.log_y = true;
  availability.x = latency.x = chart_x(member(first, "timeseries"));
  availability.faults = latency.faults = chart_faults(member(first, "timeseries"));
  if (!first["slo"].is_null())
    for (const auto& check : first["slo"]["checks"])
      if (check["name"] == "availability") availability.objectives.emplace_back("SLO", check["objective"].get<double>());
  for (const auto& v : variants) {
    const auto& series = (*v.results)["timeseries"]["clients"];
    if (!series.contains(client)) continue;
    availability.lines.push_back({v.name, chart_values(series[client]["availability"])});
    // Successes' p99, as the report's (results from before v1.1 have only every answer's).
    const char* p99 = series[client].contains("success_p99_ms") ? "success_p99_ms" : "p99_ms";
    latency.lines.push_back({v.name, chart_values(series[client][p99])});
  }
  show_in_nines(availability);
  out.push_back(std::move(availability));
  out.push_back(std::move(latency));
  return out;
}

BarChart recovery_bars(const std::vector<Compared>& variants) {
  BarChart c;
  c.id = "compare-recovery";
  c.title = "Recovery time after each fault (mean, 95% CI over replications; no bar: never recovered)";
  c.ylabel = "recover_s (s)";
  if (variants.empty()) return c;
  for (const auto& v : variants) c.series.push_back(v.name);
  for (const auto& f : (*variants.front().results)["faults"]) {
    c.groups.push_back(fmt::format("{}: {} {}", f["index"].get<int>(), f["kind"].get<std::string>(), f["subject"].get<std::string>()));
    auto& row = c.values.emplace_back();
    for (const auto& v : variants) {
      const auto& faults = (*v.results)["faults"];
      const auto index = static_cast<std::size_t>(f["index"].get<int>());
      std::vector<double> samples;
      bool all = index < faults.size();
      if (all)
        for (const auto& x : faults[index]["recover_s_by_replication"]) {
          if (x.is_null()) all = false;
          else samples.push_back(x.get<double>());
        }
      if (!all || samples.empty()) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const double m = mean(samples);
      const auto ci = mean_ci(samples);
      row.emplace_back(std::array<double, 3>{m, ci ? ci->first : m, ci ? ci->second : m});
    }
  }
  return c;
}

std::string compare_html(const Comparison& c, const std::vector<Compared>& variants, const CompareDrawing& draw) {
  std::string html = html_head("chaossim compare: " + c.scenario);
  html += fmt::format("<h1>chaossim compare: {}</h1>\n", html_escaped(c.scenario));
  if (c.paired)
    html += fmt::format(
        "<p>{} replication{} per variant, paired by seed (common random numbers); baseline <strong>{}</strong>. Each cell: the "
        "variant's mean, then its paired difference to the baseline with the difference's 95% confidence interval.</p>\n",
        c.replications, c.replications == 1 ? "" : "s", html_escaped(c.baseline));
  else
    html += fmt::format(
        "<p><strong>Unpaired</strong>: these results cannot be paired replication by replication, so each cell's difference "
        "to the baseline <strong>{}</strong> has a Welch 95% confidence interval (wider than a paired one).</p>\n",
        html_escaped(c.baseline));
  for (const auto& note : c.notes) html += fmt::format("<p class=\"note\">Note: {}</p>\n", html_escaped(note));
  html += "<table>\n<tr><th>metric</th><th>better</th>";
  for (const auto& v : c.variants) html += fmt::format("<th class=\"n\">{}</th>", html_escaped(v));
  html += "<th>best</th></tr>\n";
  for (const auto& row : c.rows) {
    html += fmt::format("<tr><td>{}</td><td>{}</td>", html_escaped(row.metric), html_escaped(row.better.empty() ? "–" : row.better));
    for (std::size_t i = 0; i < c.variants.size(); ++i) {
      const bool significant = c.variants[i] != c.baseline && row.diff[i].significant;
      html += fmt::format("<td class=\"n{}\">{}</td>", significant ? " significant" : "",
                          html_escaped(cell(row, i, c.variants[i], c.baseline)));
    }
    html += fmt::format("<td>{}</td></tr>\n", html_escaped(row.best.value_or("–")));
  }
  html += "</table>\n";
  for (const auto& chart : compare_charts(variants))
    html += fmt::format("<figure class=\"chart\" id=\"chart-{}\">\n{}\n</figure>\n", html_escaped(chart.id), inline_svg(draw.chart(chart)));
  const auto bars = recovery_bars(variants);
  html += fmt::format("<figure class=\"chart\" id=\"chart-{}\">\n{}\n</figure>\n", html_escaped(bars.id), inline_svg(draw.bars(bars)));
  html += html_tail();
  return html;
}

}  // namespace chaossim::reports
