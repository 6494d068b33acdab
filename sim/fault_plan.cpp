#include "sim/fault_plan.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace chaossim::sim {

namespace {

// A host at speed 0 would never finish its work; the slowest it gets is this.
constexpr double slowest = 1e-6;

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

std::vector<double> edges_of(const std::vector<const Window*>& windows) {
  std::vector<double> points;
  for (const Window* w : windows) {
    points.push_back(w->start);
    points.push_back(w->end);
  }
  return points;
}

// 1 while no window holds it down, 0 while one does.
Timeline up_unless(const std::vector<const Window*>& down) {
  return sample(edges_of(down), 1.0, [&](double t) {
    return std::any_of(down.begin(), down.end(), [t](const Window* w) { return w->active_at(t); }) ? 0.0 : 1.0;
  });
}

const ServiceEffects& of(const FaultEffects& e, int service) { return e.services[static_cast<std::size_t>(service)]; }

}  // namespace

Timeline host_speed(const FaultEffects& e, int service, int instance) { return host_speed(of(e, service), instance); }

Timeline host_speed(const ServiceEffects& service, int instance) {
  std::vector<const SpeedChange*> changes;
  for (const auto& c : service.speed)
    if (c.covers(instance)) changes.push_back(&c);
  std::vector<double> points;
  for (const auto* c : changes) points.insert(points.end(), c->breakpoints.begin(), c->breakpoints.end());
  return sample(points, 1.0, [&](double t) {
    double speed = 1.0;
    for (const auto* c : changes) speed *= c->factor(t);
    return std::max(speed, slowest);
  });
}

Timeline host_state(const FaultEffects& e, int service, int instance) {
  std::vector<const Window*> down;
  for (const auto& o : of(e, service).outages)
    if (o.covers(instance) && o.mode == scenarios::CrashMode::blackhole) down.push_back(&o.window);
  return up_unless(down);
}

Timeline egress_latency(const FaultEffects& e, int service, int instance, double base_s) {
  std::vector<const Window*> delays;
  for (const auto& w : of(e, service).egress_latency)
    if (w.covers(instance)) delays.push_back(&w);
  return sample(edges_of(delays), base_s, [&](double t) {
    double latency = base_s;
    for (const Window* w : delays)
      if (w->active_at(t)) latency += w->value;
    return latency;
  });
}

Timeline link_bandwidth(const FaultEffects& e, int service, int instance, double nominal_bps) {
  std::vector<const Window*> caps;
  for (const auto& w : of(e, service).bandwidth)
    if (w.covers(instance)) caps.push_back(&w);
  return sample(edges_of(caps), nominal_bps, [&](double t) {
    double bandwidth = nominal_bps;
    for (const Window* w : caps)
      if (w->active_at(t)) bandwidth = std::min(bandwidth, w->value);
    return bandwidth;
  });
}

Timeline route_state(const FaultEffects& e, int from, int to) {
  std::vector<const Window*> cuts;
  if (auto it = e.cuts.find({from, to}); it != e.cuts.end())
    for (const auto& w : it->second) cuts.push_back(&w);
  return up_unless(cuts);
}

std::string profile_text(const Timeline& timeline) {
  std::string text;
  for (const auto& step : timeline) text += fmt::format("{} {}\n", step.at, step.value);
  return text;
}

}  // namespace chaossim::sim
