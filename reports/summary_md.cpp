#include "reports/summary_md.hpp"

#include <fmt/format.h>

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

std::string number(const ordered_json& v, const char* format = "{:.2f}") {
  if (v.is_null()) return "–";
  return fmt::format(fmt::runtime(format), v.get<double>());
}

std::string percent(const ordered_json& v) { return v.is_null() ? "–" : fmt::format("{:.3f}%", v.get<double>() * 100); }

std::string seconds(const ordered_json& v, const char* none) { return v.is_null() ? none : fmt::format("{:.2f}", v.get<double>()); }

// Markdown reserves | in table cells.
std::string cell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

void variant_md(std::string& out, const ordered_json& v) {
  out += fmt::format("## {} · variant {}\n\n", cell(v["scenario"].get<std::string>()), cell(v["variant"].get<std::string>()));
  const int reps = v["replications"].get<int>();
  out += fmt::format("{} replication{} of {:g} s (warmup {:g} s, buckets of {:g} s), seed {}.\n\n", reps, reps == 1 ? "" : "s",
                     v["duration_s"].get<double>(), v["warmup_s"].get<double>(), v["bucket_s"].get<double>(),
                     v["seed"].get<std::uint64_t>());
  const auto& slo = v["slo"];
  if (!slo.is_null()) {
    out += fmt::format("**SLO for client {}: {}**\n\n", cell(slo["client"].get<std::string>()), slo["met"].get<bool>() ? "met" : "NOT MET");
    out += "| check | objective | actual | verdict |\n|---|---:|---:|---|\n";
    for (const auto& c : slo["checks"])
      out += fmt::format("| {} | {:g} | {} | {} |\n", cell(c["name"].get<std::string>()), c["objective"].get<double>(),
                         number(c["actual"], "{:.6g}"), c["met"].get<bool>() ? "met" : "**not met**");
    out += "\n";
  }
  if (!v["faults"].empty()) {
    out += "| # | fault | on | window (s) | detect (s) | recover (s) | breach (s) | availability in window |\n";
    out += "|---:|---|---|---|---:|---:|---:|---:|\n";
    for (const auto& f : v["faults"])
      out += fmt::format("| {} | {} | {} | {:g}–{:g} | {} | {} | {:.1f} | {} |\n", f["index"].get<int>(),
                         f["kind"].get<std::string>(), cell(f["subject"].get<std::string>()), f["start_s"].get<double>(),
                         f["end_s"].get<double>(), seconds(f["detect_s"], "–"), seconds(f["recover_s"], "never"),
                         f["breach_s"].get<double>(), percent(f["availability"]));
    out += "\n";
  }
  out += "| client | requests | availability | 95% CI | degraded | p50 ms | p95 ms | p99 ms |\n";
  out += "|---|---:|---:|---|---:|---:|---:|---:|\n";
  for (const auto& [name, c] : v["clients"].items()) {
    const auto& ci = c["availability_ci95"];
    const std::string interval =
        ci.is_null() ? "–" : fmt::format("{:.3f}–{:.3f}%", ci[0].get<double>() * 100, ci[1].get<double>() * 100);
    const auto& l = c["latency_ms"];
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", cell(name), c["requests"].get<std::uint64_t>(),
                       percent(c["availability"]), interval, c["degraded"].get<std::uint64_t>(), number(l["p50"]),
                       number(l["p95"]), number(l["p99"]));
  }
  out += "\n| service | requests | utilization | mean queue | rejected | lost | p99 ms |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [name, s] : v["services"].items())
    out += fmt::format("| {} | {} | {:.1f}% | {:.2f} | {} | {} | {} |\n", cell(name), s["requests"].get<std::uint64_t>(),
                       s["utilization"].get<double>() * 100, s["mean_queue"].get<double>(), s["rejected"].get<std::uint64_t>(),
                       s["lost"].get<std::uint64_t>(), number(s["latency_ms"]["p99"]));
  out += "\n| edge | pipeline | calls | retry amplification | timeouts | fallbacks | circuit open (s) | rejected |\n";
  out += "|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& e : v["edges"]) {
    std::uint64_t rejected = 0;
    for (const auto& [pattern, n] : e["rejected"].items()) rejected += n.get<std::uint64_t>();
    const std::string name = e["from"].get<std::string>() + " → " + e["to"].get<std::string>() +
                             (e["role"].get<std::string>() == "fallback" ? " (fallback)" : "");
    out += fmt::format("| {} | {} | {} | {:.3f} | {} | {} | {:.1f} | {} |\n", cell(name),
                       e["pipeline"].is_null() ? "–" : cell(e["pipeline"].get<std::string>()), e["calls"].get<std::uint64_t>(),
                       e["retry_amplification"].get<double>(), e["timeouts"].get<std::uint64_t>(),
                       e["fallbacks"].get<std::uint64_t>(), e["circuit_open_s"].get<double>(), rejected);
  }
  out += "\n";
}

}  // namespace

std::string summary_md(const ordered_json& results) {
  std::string out = fmt::format("# chaossim: {}\n\n", cell(results["scenario"].get<std::string>()));
  if (results.contains("variants")) {
    for (const auto& [name, v] : results["variants"].items()) variant_md(out, v);
  } else {
    variant_md(out, results);
  }
  return out;
}

}  // namespace chaossim::reports
