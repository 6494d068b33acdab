#include "reports/console_summary.hpp"

#include <fmt/format.h>

namespace chaossim::reports {

std::string console_summary(const VariantSummary& v) {
  std::string out = fmt::format("{} · variant {} · {} replication{} of {:g}s (warmup {:g}s)\n", v.scenario, v.variant,
                                v.replications, v.replications == 1 ? "" : "s", v.duration_s, v.warmup_s);
  for (const auto& w : v.warnings) out += "  warning: " + w + "\n";
  // Latencies of the successes (a fast refusal must not make them look good).
  const auto ms = [](const MaybeLatency& l, double LatencySummary::*field) {
    return l ? fmt::format("{:.2f}", (*l).*field) : std::string("-");
  };
  out += fmt::format("  {:<20} {:>12} {:>13} {:>10} {:>10} {:>10}\n", "client", "requests", "availability", "ok p50 ms",
                     "ok p95 ms", "ok p99 ms");
  for (const auto& c : v.clients)
    out += fmt::format("  {:<20} {:>12} {:>12.3f}% {:>10} {:>10} {:>10}\n", c.name, c.requests, c.availability * 100,
                       ms(c.success_latency, &LatencySummary::p50_ms), ms(c.success_latency, &LatencySummary::p95_ms),
                       ms(c.success_latency, &LatencySummary::p99_ms));
  out += fmt::format("  {:<20} {:>12} {:>13} {:>10} {:>10} {:>10}\n", "service", "requests", "utilization", "queue",
                     "rejected", "ok p99 ms");
  for (const auto& s : v.services)
    out += fmt::format("  {:<20} {:>12} {:>12.1f}% {:>10.2f} {:>10} {:>10}\n", s.name, s.requests, s.utilization * 100,
                       s.mean_queue, s.rejected, ms(s.success_latency, &LatencySummary::p99_ms));
  if (!v.faults.empty()) {
    out += fmt::format("  {:<3} {:<12} {:<22} {:>15} {:>10} {:>10} {:>10} {:>13}\n", "#", "fault", "on", "window s",
                       "detect s", "recover s", "breach s", "availability");
    const auto seconds = [](std::optional<double> s) { return s ? fmt::format("{:.2f}", *s) : std::string("never"); };
    for (const auto& f : v.faults)
      out += fmt::format("  {:<3} {:<12} {:<22} {:>15} {:>10} {:>10} {:>10.1f} {:>12}\n", f.index, f.kind, f.subject,
                         fmt::format("{:g}-{:g}", f.start_s, f.end_s), f.detect_s ? seconds(f.detect_s) : "-",
                         seconds(f.recover_s), f.breach_s,
                         f.availability ? fmt::format("{:.3f}%", *f.availability * 100) : std::string("n/a"));
  }
  if (!v.slo_checks.empty()) {
    // A failure stands out on a terminal.
    const auto said = [](Verdict x) { return x == Verdict::not_met ? std::string("NOT MET") : std::string(verdict_text(x)); };
    out += fmt::format("  SLO for client {}: {}\n", *v.slo_client, said(v.slo_verdict()));
    for (const auto& c : v.slo_checks)
      out += fmt::format("    {:<18} objective {:<10g} actual {:<12} {:<27} {}\n", c.name, c.objective,
                         c.actual ? fmt::format("{:.6g}", *c.actual) : "n/a",
                         c.ci95 ? fmt::format("95% CI {:.6g} to {:.6g}", c.ci95->first, c.ci95->second) : "",
                         said(c.verdict));
    if (v.slo_verdict() == Verdict::inconclusive)
      out += "  inconclusive: a confidence interval straddles its objective; more replications would tell (--target-ci)\n";
  }
  return out;
}

}  // namespace chaossim::reports
