#include "sim/fault_plan.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace chaossim::sim {

using scenarios::Fault;
using scenarios::FaultKind;

namespace {

// A ramp is played as this many steps, each at the ramp's value in its middle,
// so that the mean speed over the ramp is exact.
constexpr int ramp_steps = 100;
// A host at speed 0 would never finish its work; the slowest it gets is this.
constexpr double slowest = 1e-6;

bool is_target(const scenarios::Scenario& s, const Fault& f, int service) {
  return !f.target.empty() && s.service_index(f.target) == service;
}

bool in_group(const scenarios::Scenario& s, const std::vector<std::string>& group, int service) {
  return std::any_of(group.begin(), group.end(), [&](const std::string& name) { return s.service_index(name) == service; });
}

bool cuts(const scenarios::Scenario& s, const Fault& f, int from, int to) {
  if (f.kind != FaultKind::partition) return false;
  const bool forward = in_group(s, f.group_a, from) && in_group(s, f.group_b, to);
  const bool backward = in_group(s, f.group_b, from) && in_group(s, f.group_a, to);
  switch (f.direction) {
    case scenarios::PartitionDirection::forward: return forward;
    case scenarios::PartitionDirection::backward: return backward;
    case scenarios::PartitionDirection::both: break;
  }
  return forward || backward;
}

double degradation_factor(const Fault& f, double t) {
  if (!f.active_at(t)) return 1.0;
  const double into = t - f.at_s;
  if (into < f.for_s) return f.speed_from + (f.speed_to - f.speed_from) * into / f.for_s;
  // Ramping back to full speed over another `for`.
  return f.speed_to + (1.0 - f.speed_to) * (into - f.for_s) / f.for_s;
}

// Samples `value` between consecutive breakpoints (in the middle of each
// interval) and keeps the points where it changes.
Timeline sample(std::vector<double> breakpoints, double nominal, const std::function<double(double)>& value) {
  std::sort(breakpoints.begin(), breakpoints.end());
  breakpoints.erase(std::unique(breakpoints.begin(), breakpoints.end()), breakpoints.end());
  Timeline out;
  double last = nominal;
  for (std::size_t i = 0; i < breakpoints.size(); ++i) {
    const double at = breakpoints[i];
    const double mid = i + 1 < breakpoints.size() ? (at + breakpoints[i + 1]) / 2 : at;
    const double v = value(mid);
    if (v != last) out.push_back({at, v});
    last = v;
  }
  return out;
}

void add_window(std::vector<double>& points, const Fault& f) {
  points.push_back(f.at_s);
  points.push_back(f.end_s());
}

}  // namespace

Timeline host_speed(const scenarios::Scenario& s, int service, int) {
  std::vector<double> points;
  std::vector<const Fault*> ramps;
  for (const auto& f : s.faults) {
    if (f.kind != FaultKind::degradation || !is_target(s, f, service)) continue;
    ramps.push_back(&f);
    const double end = f.end_s();
    for (int k = 0; k < ramp_steps; ++k) points.push_back(f.at_s + f.for_s * k / ramp_steps);
    if (f.recover == scenarios::Recover::ramp)
      for (int k = 0; k < ramp_steps; ++k) points.push_back(f.at_s + f.for_s + f.for_s * k / ramp_steps);
    points.push_back(end);
  }
  return sample(points, 1.0, [&](double t) {
    double speed = 1.0;
    for (const Fault* f : ramps) speed *= degradation_factor(*f, t);
    return std::max(speed, slowest);
  });
}

Timeline host_state(const scenarios::Scenario& s, int service, int instance) {
  std::vector<double> points;
  std::vector<const Fault*> crashes;
  for (const auto& f : s.faults) {
    // A crash of n instances takes instances 0 .. n-1 (README, "Faults").
    if (f.kind != FaultKind::crash || !is_target(s, f, service) || (f.instances && instance >= *f.instances)) continue;
    crashes.push_back(&f);
    add_window(points, f);
  }
  return sample(points, 1.0, [&](double t) {
    return std::any_of(crashes.begin(), crashes.end(), [t](const Fault* f) { return f->active_at(t); }) ? 0.0 : 1.0;
  });
}

Timeline egress_latency(const scenarios::Scenario& s, int service, double base_s) {
  std::vector<double> points;
  std::vector<const Fault*> delays;
  for (const auto& f : s.faults) {
    if (f.kind != FaultKind::latency || !is_target(s, f, service)) continue;
    delays.push_back(&f);
    add_window(points, f);
  }
  return sample(points, base_s, [&](double t) {
    double latency = base_s;
    for (const Fault* f : delays)
      if (f->active_at(t)) latency += std::max(0.0, f->add_s - f->jitter_s);
    return latency;
  });
}

Timeline route_state(const scenarios::Scenario& s, int from, int to) {
  std::vector<double> points;
  std::vector<const Fault*> partitions;
  for (const auto& f : s.faults) {
    if (!cuts(s, f, from, to)) continue;
    partitions.push_back(&f);
    add_window(points, f);
  }
  return sample(points, 1.0, [&](double t) {
    return std::any_of(partitions.begin(), partitions.end(), [t](const Fault* f) { return f->active_at(t); }) ? 0.0 : 1.0;
  });
}

bool ever_cut(const scenarios::Scenario& s, int from, int to) {
  return std::any_of(s.faults.begin(), s.faults.end(), [&](const Fault& f) { return cuts(s, f, from, to); });
}

std::string profile_text(const Timeline& timeline) {
  std::string text;
  for (const auto& step : timeline) text += fmt::format("{} {}\n", step.at, step.value);
  return text;
}

}  // namespace chaossim::sim
