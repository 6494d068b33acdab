#include "reports/report_html.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "reports/chart_series.hpp"
#include "reports/html.hpp"
#include "reports/slo_check.hpp"
#include "sim/edges.hpp"
#include "reports/tables.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

using Values = std::vector<std::optional<double>>;


// A count per bucket (summed over replications) as a rate per second of one run.
Values per_second(const ordered_json& counts, double bucket_s, int replications) {
  Values out = chart_values(counts);
  for (auto& c : out)
    if (c) *c /= bucket_s * replications;
  return out;
}

std::string edge_subject(const ordered_json& e) {
  // Results from before endpoints have no endpoint keys.
  const auto endpoint = [&](const char* key) { return e.contains(key) && e[key].is_string() ? e[key].get<std::string>() : ""; };
  return sim::edge_subject(e["from"].get<std::string>(), endpoint("from_endpoint"), e["to"].get<std::string>(), endpoint("to_endpoint"),
                           e["role"].get<std::string>());
}

// What every chart of one variant shares: its id prefix, x axis and fault windows.
class ChartMaker {
 public:
  explicit ChartMaker(const ordered_json& v)
      : variant_(v["variant"].get<std::string>()), x_(chart_x(member(v, "timeseries"))), faults_(chart_faults(member(v, "timeseries"))) {}

  Chart make(const std::string& id, std::string title, std::string ylabel) const {
    Chart c;
    c.id = fmt::format("{}-{}", variant_, id);
    c.title = std::move(title);
    c.ylabel = std::move(ylabel);
    c.x = x_;
    c.faults = faults_;
    return c;
  }

 private:
  std::string variant_;
  std::vector<double> x_;
  std::vector<FaultWindow> faults_;
};

const ordered_json& slo_checks(const ordered_json& v) {
  static const ordered_json none = ordered_json::array();
  return v["slo"].is_null() ? none : v["slo"]["checks"];
}

Chart availability_chart(const ordered_json& v, const ChartMaker& maker) {
  Chart chart = maker.make("availability", "Client availability (log scale of 1 - availability: each nine a step)", "availability");
  for (const auto& [client, series] : member(member(v, "timeseries"), "clients").items())
    chart.lines.push_back({client, chart_values(member(series, "availability"))});
  for (const auto& check : slo_checks(v))
    if (check["name"] == "availability") chart.objectives.emplace_back("SLO", check["objective"].get<double>());
  show_in_nines(chart);
  return chart;
}

Chart latency_chart(const ordered_json& v, const ChartMaker& maker, const std::string& focus) {
  // The successes', which the objectives judge; the failures' apart, so that
  // fast refusals neither hide slow answers nor pass for them.
  // A log scale: a rare 10 s spike does not flatten the objective and p95.
  Chart chart = maker.make("latency", "Latency of " + focus + " (successful requests; failed p99 apart; log scale)", "ms");
  chart.log_y = true;
  const auto& series = member(member(member(v, "timeseries"), "clients"), focus);
  for (const char* q : {"p50", "p95", "p99"})
    chart.lines.push_back({std::string("ok ") + q, chart_values(member(series, std::string("success_") + q + "_ms"))});
  chart.lines.push_back({"failed p99", chart_values(member(series, "failure_p99_ms"))});
  for (const auto& check : slo_checks(v))
    if (check["name"].get<std::string>().rfind("latency_", 0) == 0)
      chart.objectives.emplace_back("SLO " + check["name"].get<std::string>().substr(8, 3), check["objective"].get<double>());
  // From a decade below the fastest success (or objective) to the slowest
  // line: a refusal answered in a microsecond does not stretch the axis.
  double low = std::numeric_limits<double>::infinity(), high = 0;
  for (std::size_t i = 0; i < chart.lines.size(); ++i)
    for (const auto& y : chart.lines[i].y) {
      if (!y || *y <= 0) continue;
      if (i + 1 < chart.lines.size()) low = std::min(low, *y);
      high = std::max(high, *y);
    }
  for (const auto& [label, y] : chart.objectives) {
    low = std::min(low, y);
    high = std::max(high, y);
  }
  if (high > 0 && std::isfinite(low))
    chart.yrange = std::make_pair(std::pow(10, std::floor(std::log10(low)) - 1), std::pow(10, std::ceil(std::log10(high))));
  return chart;
}

Chart load_chart(const ordered_json& v, const ChartMaker& maker, const std::string& focus) {
  const double bucket = v["bucket_s"].get<double>();
  const int runs = v["replications"].get<int>();
  const auto& series = member(member(member(v, "timeseries"), "clients"), focus);
  Chart chart = maker.make("load", "Offered load, goodput, degraded and failed (" + focus + ")", "requests/s");
  chart.lines.push_back({"offered", per_second(member(series, "sent"), bucket, runs)});
  chart.lines.push_back({"goodput", per_second(member(series, "successes"), bucket, runs)});
  chart.lines.push_back({"degraded", per_second(member(series, "degraded"), bucket, runs)});
  chart.lines.push_back({"failed", per_second(member(series, "failures"), bucket, runs)});
  return chart;
}

// Circuit breakers open, retries and rejections per call edge with a pipeline,
// and the levels its stages keep (an adaptive concurrency limit), if any.
void add_edge_charts(const ordered_json& v, const ChartMaker& maker, std::vector<Chart>& out) {
  Chart circuits = maker.make("circuits", "Circuit breakers: fraction of each bucket open, and half-open", "fraction");
  Chart retries = maker.make("retries", "Retries and rejections per call edge", "per bucket");
  Chart levels = maker.make("stage-levels", "Levels the patterns keep, per call edge (mean over each bucket)", "level");
  const auto& edge_series = member(member(v, "timeseries"), "edges");
  for (std::size_t i = 0; i < v["edges"].size(); ++i) {
    const auto& e = v["edges"][i];
    const auto& series = i < edge_series.size() ? edge_series[i] : member(edge_series, "");
    if (e["pipeline"].is_null()) continue;
    const std::string subject = edge_subject(e);
    if (e["circuit_open_s"].get<double>() > 0 || e["rejected"]["circuit_breaker"].get<std::uint64_t>() > 0) {
      circuits.lines.push_back({subject + " open", chart_values(member(series, "circuit_open"))});
      circuits.lines.push_back({subject + " half-open", chart_values(member(series, "circuit_half_open"))});
    }
    retries.lines.push_back({subject + " retries", chart_values(member(series, "retries"))});
    retries.lines.push_back({subject + " rejections", chart_values(member(series, "rejected"))});
    if (series.contains("levels"))
      for (const auto& [name, means] : member(series, "levels").items()) levels.lines.push_back({subject + " " + name, chart_values(means)});
  }
  circuits.yrange = std::make_pair(0.0, 1.05);
  out.push_back(std::move(circuits));
  out.push_back(std::move(retries));
  if (!levels.lines.empty()) out.push_back(std::move(levels));
}

void add_service_charts(const ordered_json& v, const ChartMaker& maker, std::vector<Chart>& out) {
  Chart utilization = maker.make("utilization", "Service utilization", "busy workers / workers");
  Chart queues = maker.make("queues", "Service queue length", "waiting requests");
  Chart instances = maker.make("instances", "Autoscaled services: instances in service, and the count wanted", "instances");
  Chart shed = maker.make("shed", "Requests shed by services (answered overloaded)", "per bucket");
  for (const auto& [service, series] : member(member(v, "timeseries"), "services").items()) {
    utilization.lines.push_back({service, chart_values(member(series, "utilization"))});
    queues.lines.push_back({service, chart_values(member(series, "mean_queue"))});
    if (series.contains("instances")) {
      instances.lines.push_back({service + " in service", chart_values(member(series, "instances"))});
      instances.lines.push_back({service + " wanted", chart_values(member(series, "instances_desired"))});
    }
    if (series.contains("shed")) shed.lines.push_back({service, chart_values(member(series, "shed"))});
  }
  utilization.yrange = std::make_pair(0.0, 1.05);
  out.push_back(std::move(utilization));
  out.push_back(std::move(queues));
  if (!instances.lines.empty()) out.push_back(std::move(instances));
  if (!shed.lines.empty()) out.push_back(std::move(shed));
}

// A legend of more than this many lines repeats colours and cannot be read.
constexpr std::size_t most_lines = 8;

// Keeps the lines with the largest effect (sum over the run), in their order,
// and draws the rest as one: the highest of them in each bucket.
void keep_strongest(Chart& chart) {
  if (chart.lines.size() <= most_lines) return;
  std::vector<std::pair<double, std::size_t>> effect;
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    double sum = 0;
    for (const auto& y : chart.lines[i].y) sum += y.value_or(0);
    effect.emplace_back(sum, i);
  }
  // Ties keep the first lines: the sort is stable on the index.
  std::stable_sort(effect.begin(), effect.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<char> kept(chart.lines.size(), 0);
  for (std::size_t r = 0; r + 1 < most_lines; ++r) kept[effect[r].second] = 1;
  std::vector<ChartLine> lines;
  ChartLine others{fmt::format("{} others (highest)", chart.lines.size() - (most_lines - 1)), {}};
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    if (kept[i]) {
      lines.push_back(std::move(chart.lines[i]));
      continue;
    }
    auto& y = chart.lines[i].y;
    if (others.y.size() < y.size()) others.y.resize(y.size());
    for (std::size_t k = 0; k < y.size(); ++k)
      if (y[k] && (!others.y[k] || *y[k] > *others.y[k])) others.y[k] = y[k];
  }
  lines.push_back(std::move(others));
  chart.lines = std::move(lines);
}

}  // namespace

std::vector<Chart> report_charts(const ordered_json& v) {
  const ChartMaker maker(v);
  // Latency and load are of the SLO's client, or of the first.
  const auto& clients = member(member(v, "timeseries"), "clients");
  const std::string focus = !v["slo"].is_null() ? v["slo"]["client"].get<std::string>() : clients.empty() ? "" : clients.begin().key();
  std::vector<Chart> out;
  if (clients.contains(focus)) {
    out.push_back(availability_chart(v, maker));
    out.push_back(latency_chart(v, maker, focus));
    out.push_back(load_chart(v, maker, focus));
  }
  add_edge_charts(v, maker, out);
  add_service_charts(v, maker, out);
  for (auto& chart : out) keep_strongest(chart);
  return out;
}

namespace {

// With several variants, the decision at a glance: each one's availability
// and successes' p99 (of the SLO's client, or the first), its worst recovery
// and its SLO verdict, side by side, before the details of each.
std::string variants_at_a_glance(const std::vector<const ordered_json*>& variants) {
  std::string html = "<table class=\"glance\">\n<caption>Variants side by side</caption>\n<tr><th>variant</th>"
                     "<th class=\"n\">availability</th><th class=\"n\">ok p99 ms</th><th class=\"n\">worst recovery s</th>"
                     "<th>SLO</th></tr>\n";
  for (const auto* vp : variants) {
    const auto& v = *vp;
    const auto& clients = v["clients"];
    const std::string focus = !v["slo"].is_null() ? v["slo"]["client"].get<std::string>()
                              : clients.empty()   ? ""
                                                  : clients.begin().key();
    std::string availability = "–", p99 = "–";
    if (clients.contains(focus)) {
      const auto& c = clients[focus];
      availability = fmt::format("{:.3f}%", c["availability"].get<double>() * 100);
      if (!c["success_latency_ms"]["p99"].is_null()) p99 = fmt::format("{:.1f}", c["success_latency_ms"]["p99"].get<double>());
    }
    std::string recovery = v["faults"].empty() ? "–" : "0";
    double worst = 0;
    for (const auto& f : v["faults"]) {
      if (f["recover_s"].is_null()) {
        recovery = "never";
        break;
      }
      worst = std::max(worst, f["recover_s"].get<double>());
      recovery = fmt::format("{:.1f}", worst);
    }
    const bool has_slo = !v["slo"].is_null();
    const Verdict verdict = has_slo ? verdict_in(v["slo"]) : Verdict::met;
    html += fmt::format("<tr{}><td><a href=\"#variant-{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                        "<td class=\"n\">{}</td><td>{}</td></tr>\n",
                        verdict == Verdict::not_met ? " class=\"failing\"" : "", html_escaped(v["variant"].get<std::string>()),
                        html_escaped(v["variant"].get<std::string>()), availability, p99, recovery,
                        !has_slo ? "–" : verdict_text(verdict));
  }
  return html + "</table>\n";
}

}  // namespace

std::string report_html(const ordered_json& results, const ChartDrawer& draw) {
  std::vector<const ordered_json*> variants;
  if (results.contains("variants")) {
    for (const auto& [name, v] : results["variants"].items()) variants.push_back(&v);
  } else {
    variants.push_back(&results);
  }
  // Drawn together: one gnuplot for the whole page.
  std::vector<std::vector<Chart>> charts;
  std::vector<Chart> all;
  for (const auto* v : variants) {
    charts.push_back(report_charts(*v));
    all.insert(all.end(), charts.back().begin(), charts.back().end());
  }
  const std::vector<std::string> drawn = all.empty() ? std::vector<std::string>{} : draw(all);
  std::size_t next_drawing = 0;
  const std::string scenario = results["scenario"].get<std::string>();
  std::string html = html_head("chaossim: " + scenario);
  html += fmt::format("<h1>chaossim report: {}</h1>\n", html_escaped(scenario));
  if (variants.size() > 1) html += variants_at_a_glance(variants);
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto& v = *variants[i];
    const std::string variant = v["variant"].get<std::string>();
    const int reps = v["replications"].get<int>();
    html += fmt::format("<section class=\"variant\" id=\"variant-{}\">\n<h2>Variant {}</h2>\n", html_escaped(variant), html_escaped(variant));
    html += fmt::format("<p>{} replication{} of {:g} s (warmup {:g} s, buckets of {:g} s), seed {}.", reps, reps == 1 ? "" : "s",
                        v["duration_s"].get<double>(), v["warmup_s"].get<double>(), v["bucket_s"].get<double>(),
                        v["seed"].get<std::uint64_t>());
    if (!v["slo"].is_null()) {
      const Verdict verdict = verdict_in(v["slo"]);
      html += verdict == Verdict::met ? " <strong class=\"verdict-met\">Every SLO check is met.</strong>"
              : verdict == Verdict::not_met
                  ? " <strong class=\"verdict-failed\">An SLO check is not met.</strong>"
                  : " <strong class=\"verdict-inconclusive\">An SLO check is inconclusive: its confidence interval straddles "
                    "the objective (more replications would tell).</strong>";
    }
    html += "</p>\n";
    if (v.contains("warnings"))
      for (const auto& w : v["warnings"]) html += "<p class=\"warning\">Warning: " + html_escaped(w.get<std::string>()) + "</p>\n";
    for (const auto& t : result_tables(v)) {
      html += fmt::format("<table>\n<caption>{}</caption>\n<tr>", html_escaped(t.title));
      for (std::size_t c = 0; c < t.headers.size(); ++c)
        html += fmt::format("<th{}>{}</th>", t.numeric[c] ? " class=\"n\"" : "", html_escaped(t.headers[c]));
      html += "</tr>\n";
      for (std::size_t r = 0; r < t.rows.size(); ++r) {
        html += t.failing[r] ? "<tr class=\"failing\">" : "<tr>";
        for (std::size_t c = 0; c < t.rows[r].size(); ++c)
          html += fmt::format("<td{}>{}</td>", t.numeric[c] ? " class=\"n\"" : "", html_escaped(t.rows[r][c]));
        html += "</tr>\n";
      }
      html += "</table>\n";
    }
    for (const auto& chart : charts[i])
      html += fmt::format("<figure class=\"chart\" id=\"chart-{}\">\n{}\n</figure>\n", html_escaped(chart.id),
                          inline_svg(drawn.at(next_drawing++)));
    html += "</section>\n";
  }
  html += html_tail();
  return html;
}

}  // namespace chaossim::reports
