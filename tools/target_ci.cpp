#include "tools/target_ci.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "scenarios/units.hpp"
#include "sim/histogram.hpp"

namespace chaossim::tools {

namespace {

const reports::ClientSummary* focus(const reports::VariantSummary& v) {
  for (const auto& c : v.clients)
    if (v.slo_client && c.name == *v.slo_client) return &c;
  return v.clients.empty() ? nullptr : &v.clients.front();
}

std::optional<double> number(const std::string& text) {
  double x = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (error != std::errc{} || end != text.data() + text.size() || !(x > 0)) return std::nullopt;
  return x;
}

}  // namespace

std::optional<CiTarget> parse_ci_target(const std::string& spec, std::string& error) {
  const auto eq = spec.find('=');
  CiTarget t{spec, spec.substr(0, eq), 0, false};
  const std::string value = eq == std::string::npos ? "" : spec.substr(eq + 1);
  const bool latency = t.figure == "p50" || t.figure == "p90" || t.figure == "p95" || t.figure == "p99" || t.figure == "p999";
  if (eq == std::string::npos || !(latency || t.figure == "availability" || t.figure == "recovery")) {
    error = fmt::format("--target-ci {}: expected FIGURE=HALF_WIDTH, FIGURE one of availability, p50, p90, p95, p99, p999, "
                        "recovery (e.g. availability=0.0005, p99=2ms, p95=1%)",
                        spec);
    return std::nullopt;
  }
  std::optional<double> half;
  if (!value.empty() && value.back() == '%') {
    t.relative = true;
    if (const auto x = number(value.substr(0, value.size() - 1))) half = *x / 100;
  } else if (t.figure == "availability") {
    half = number(value);
  } else if (const auto seconds = scenarios::parse_duration(value).value; seconds && *seconds > 0) {
    half = latency ? *seconds * 1e3 : *seconds;  // latency figures are in ms
  }
  if (!half) {
    error = fmt::format("--target-ci {}: expected a half-width above 0: {}", spec,
                        t.figure == "availability" ? "a fraction (0.0005) or a percentage of the estimate (1%)"
                                                   : "a duration (2ms, 1s) or a percentage of the estimate (1%)");
    return std::nullopt;
  }
  t.half_width = *half;
  return t;
}

Reached reached(const reports::VariantSummary& v, const CiTarget& t) {
  Reached r;
  std::optional<std::pair<double, double>> ci;
  std::optional<double> estimate;
  if (t.figure == "recovery") {
    // The longest recovery's interval: the figure an SLO's recovery judges.
    for (const auto& f : v.faults)
      if (f.recover_s && (!estimate || *f.recover_s > *estimate)) estimate = f.recover_s, ci = f.recover_s_ci95;
    r.floor = v.bucket_s / 2;
  } else if (const auto* c = focus(v)) {
    if (t.figure == "availability") {
      estimate = c->availability;
      ci = c->availability_ci95;
    } else if (c->success_latency) {
      const double q = reports::slo_quantile(t.figure);
      estimate = c->success_latency->quantile_ms(q);
      ci = c->success_latency->quantile_ci95_of(q);
      r.floor = sim::LatencyHistogram::resolution_at(*estimate / 1e3) * 1e3 / 2;
    }
  }
  if (ci) r.half_width = (ci->second - ci->first) / 2;
  r.allowed = t.relative ? t.half_width * std::abs(estimate.value_or(0)) : t.half_width;
  return r;
}

int replications_needed(const std::vector<reports::VariantSummary>& variants, const std::vector<CiTarget>& targets, int done,
                        int most) {
  int needed = done;
  for (const auto& v : variants)
    for (const auto& t : targets) {
      const Reached r = reached(v, t);
      if (r.half_width && *r.half_width <= r.allowed) continue;
      if (r.half_width && !r.possible()) continue;
      if (!r.half_width || r.allowed <= 0) return most;
      const double ratio = *r.half_width / r.allowed;
      needed = std::max(needed, static_cast<int>(std::ceil(done * ratio * ratio)));
      needed = std::max(needed, done + 1);
    }
  return std::min(needed, most);
}

std::vector<std::string> unmet_targets(const reports::VariantSummary& v, const std::vector<CiTarget>& targets,
                                       const std::string& stopped_by) {
  std::vector<std::string> out;
  for (const auto& t : targets) {
    const Reached r = reached(v, t);
    if (r.half_width && *r.half_width <= r.allowed) continue;
    if (r.half_width && !r.possible()) {
      out.push_back(fmt::format("--target-ci {}: no interval of {} is narrower than {:.6g} either side (half of its step: "
                                "the histogram's bin, or the bucket, there); it is {:.6g} after {} replications",
                                t.text, t.figure, r.floor, *r.half_width, v.replications));
      continue;
    }
    out.push_back(r.half_width ? fmt::format("--target-ci {}: the interval's half-width is still {:.6g} (asked {:.6g}) after {} "
                                             "replications, the most {} allows",
                                             t.text, *r.half_width, r.allowed, v.replications, stopped_by)
                               : fmt::format("--target-ci {}: no interval of that figure in variant \"{}\" (no such "
                                             "request answered, or no fault recovered from) after {} replications",
                                             t.text, v.variant, v.replications));
  }
  return out;
}

}  // namespace chaossim::tools
