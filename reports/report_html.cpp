#include "reports/report_html.hpp"

#include <fmt/format.h>

#include "reports/html.hpp"
#include "reports/timeseries_csv.hpp"
#include "reports/tables.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

std::vector<std::optional<double>> per_second(std::vector<std::optional<double>> counts, double bucket_s) {
  for (auto& c : counts)
    if (c) *c /= bucket_s;
  return counts;
}

std::vector<std::optional<double>> sum(const std::vector<std::vector<std::optional<double>>>& parts) {
  std::vector<std::optional<double>> out;
  for (const auto& p : parts) {
    if (out.size() < p.size()) out.resize(p.size());
    for (std::size_t k = 0; k < p.size(); ++k)
      if (p[k]) out[k] = out[k].value_or(0) + *p[k];
  }
  return out;
}

std::string edge_subject(const ordered_json& e) {
  return e["from"].get<std::string>() + "->" + e["to"].get<std::string>() +
         (e["role"].get<std::string>() == "fallback" ? " (fallback)" : "");
}

// What every chart of one variant shares: its id prefix, x axis and fault windows.
class ChartMaker {
 public:
  ChartMaker(const ordered_json& v, const TimeseriesTable& t)
      : variant_(v["variant"].get<std::string>()), x_(t.bucket_starts()), faults_(t.faults(variant_)) {}

  Chart make(const std::string& id, std::string title, std::string ylabel) const {
    Chart c;
    c.id = fmt::format("{}-{}", variant_, id);
    c.title = std::move(title);
    c.ylabel = std::move(ylabel);
    c.x = x_;
    c.faults = faults_;
    return c;
  }
  const std::string& variant() const { return variant_; }

 private:
  std::string variant_;
  std::vector<double> x_;
  std::vector<FaultWindow> faults_;
};

const ordered_json& slo_checks(const ordered_json& v) {
  static const ordered_json none = ordered_json::array();
  return v["slo"].is_null() ? none : v["slo"]["checks"];
}

Chart availability_chart(const ordered_json& v, const TimeseriesTable& t, const ChartMaker& maker) {
  Chart chart = maker.make("availability", "Client availability", "availability");
  for (const auto& client : t.subjects(maker.variant(), "client"))
    chart.lines.push_back({client, t.series(maker.variant(), "client", client, "availability")});
  for (const auto& check : slo_checks(v))
    if (check["name"] == "availability") chart.objectives.emplace_back("SLO", check["objective"].get<double>());
  chart.yrange = std::make_pair(0.0, 1.02);
  return chart;
}

Chart latency_chart(const ordered_json& v, const TimeseriesTable& t, const ChartMaker& maker, const std::string& focus) {
  // The successes', which the objectives judge; the failures' apart, so that
  // fast refusals neither hide slow answers nor pass for them.
  Chart chart = maker.make("latency", "Latency of " + focus + " (successful requests; failed p99 apart)", "ms");
  for (const char* q : {"p50", "p95", "p99"})
    chart.lines.push_back({std::string("ok ") + q, t.series(maker.variant(), "client", focus, std::string("success_latency_") + q + "_ms")});
  chart.lines.push_back({"failed p99", t.series(maker.variant(), "client", focus, "failure_latency_p99_ms")});
  for (const auto& check : slo_checks(v))
    if (check["name"].get<std::string>().rfind("latency_", 0) == 0)
      chart.objectives.emplace_back("SLO " + check["name"].get<std::string>().substr(8, 3), check["objective"].get<double>());
  return chart;
}

Chart load_chart(const ordered_json& v, const TimeseriesTable& t, const ChartMaker& maker, const std::string& focus) {
  const double bucket = v["bucket_s"].get<double>();
  const std::string& variant = maker.variant();
  Chart chart = maker.make("load", "Offered load, goodput, degraded and failed (" + focus + ")", "requests/s");
  chart.lines.push_back({"offered", per_second(t.series(variant, "client", focus, "sent"), bucket)});
  chart.lines.push_back({"goodput", t.series(variant, "client", focus, "goodput_rps")});
  chart.lines.push_back({"degraded", per_second(t.series(variant, "client", focus, "degraded"), bucket)});
  chart.lines.push_back({"failed", per_second(t.series(variant, "client", focus, "failures"), bucket)});
  return chart;
}

// Circuit breakers open, retries and rejections per call edge with a pipeline,
// and the levels its stages keep (an adaptive concurrency limit), if any.
void add_edge_charts(const ordered_json& v, const TimeseriesTable& t, const ChartMaker& maker, std::vector<Chart>& out) {
  const std::string& variant = maker.variant();
  Chart circuits = maker.make("circuits", "Circuit breakers: fraction of each bucket open, and half-open", "fraction");
  Chart retries = maker.make("retries", "Retries and rejections per call edge", "per bucket");
  Chart levels = maker.make("stage-levels", "Levels the patterns keep, per call edge (mean over each bucket)", "level");
  for (const auto& e : v["edges"]) {
    if (e["pipeline"].is_null()) continue;
    const std::string subject = edge_subject(e);
    if (e["circuit_open_s"].get<double>() > 0 || e["rejected"]["circuit_breaker"].get<std::uint64_t>() > 0)
    {
      circuits.lines.push_back({subject + " open", t.series(variant, "edge", subject, "circuit_open")});
      circuits.lines.push_back({subject + " half-open", t.series(variant, "edge", subject, "circuit_half_open")});
    }
    retries.lines.push_back({subject + " retries", t.series(variant, "edge", subject, "retries")});
    std::vector<std::vector<std::optional<double>>> parts;
    for (patterns::PatternKind kind : patterns::all_pattern_kinds)
      if (patterns::can_refuse(kind)) parts.push_back(t.series(variant, "edge", subject, rejection_metric(kind)));
    parts.push_back(t.series(variant, "edge", subject, "rejected_retry_budget"));
    retries.lines.push_back({subject + " rejections", sum(parts)});
    if (e.contains("levels"))
      for (const auto& [name, mean] : e["levels"].items())
        levels.lines.push_back({subject + " " + name, t.series(variant, "edge", subject, name)});
  }
  circuits.yrange = std::make_pair(0.0, 1.05);
  out.push_back(std::move(circuits));
  out.push_back(std::move(retries));
  if (!levels.lines.empty()) out.push_back(std::move(levels));
}

void add_service_charts(const TimeseriesTable& t, const ChartMaker& maker, std::vector<Chart>& out) {
  Chart utilization = maker.make("utilization", "Service utilization", "busy workers / workers");
  Chart queues = maker.make("queues", "Service queue length", "waiting requests");
  for (const auto& service : t.subjects(maker.variant(), "service")) {
    utilization.lines.push_back({service, t.series(maker.variant(), "service", service, "utilization")});
    queues.lines.push_back({service, t.series(maker.variant(), "service", service, "queue_length")});
  }
  utilization.yrange = std::make_pair(0.0, 1.05);
  out.push_back(std::move(utilization));
  out.push_back(std::move(queues));
}

}  // namespace

std::vector<Chart> report_charts(const ordered_json& v, const TimeseriesTable& t) {
  const ChartMaker maker(v, t);
  // Latency and load are of the SLO's client, or of the first.
  const auto clients = t.subjects(maker.variant(), "client");
  const std::string focus = !v["slo"].is_null() ? v["slo"]["client"].get<std::string>() : clients.empty() ? "" : clients.front();
  std::vector<Chart> out;
  out.push_back(availability_chart(v, t, maker));
  out.push_back(latency_chart(v, t, maker, focus));
  out.push_back(load_chart(v, t, maker, focus));
  add_edge_charts(v, t, maker, out);
  add_service_charts(t, maker, out);
  return out;
}

std::string report_html(const ordered_json& results, const TimeseriesTable& series,
                        const std::function<std::string(const Chart&)>& draw) {
  std::vector<const ordered_json*> variants;
  if (results.contains("variants")) {
    for (const auto& [name, v] : results["variants"].items()) variants.push_back(&v);
  } else {
    variants.push_back(&results);
  }
  const std::string scenario = results["scenario"].get<std::string>();
  std::string html = html_head("chaossim: " + scenario);
  html += fmt::format("<h1>chaossim report: {}</h1>\n", html_escaped(scenario));
  for (const auto* vp : variants) {
    const auto& v = *vp;
    const std::string variant = v["variant"].get<std::string>();
    const int reps = v["replications"].get<int>();
    html += fmt::format("<section class=\"variant\" id=\"variant-{}\">\n<h2>Variant {}</h2>\n", html_escaped(variant), html_escaped(variant));
    html += fmt::format("<p>{} replication{} of {:g} s (warmup {:g} s, buckets of {:g} s), seed {}.", reps, reps == 1 ? "" : "s",
                        v["duration_s"].get<double>(), v["warmup_s"].get<double>(), v["bucket_s"].get<double>(),
                        v["seed"].get<std::uint64_t>());
    if (!v["slo"].is_null())
      html += v["slo"]["met"].get<bool>() ? " <strong class=\"verdict-met\">Every SLO check is met.</strong>"
                                          : " <strong class=\"verdict-failed\">An SLO check is not met.</strong>";
    html += "</p>\n";
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
    for (const auto& chart : report_charts(v, series))
      html += fmt::format("<figure class=\"chart\" id=\"chart-{}\">\n{}\n</figure>\n", html_escaped(chart.id), inline_svg(draw(chart)));
    html += "</section>\n";
  }
  html += html_tail();
  return html;
}

}  // namespace chaossim::reports
