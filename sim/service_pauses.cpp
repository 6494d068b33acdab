#include "sim/service_simulator.hpp"

#include <algorithm>
#include <iterator>
#include <limits>

// A paused process (a GC's stop-the-world, a SIGSTOP, a frozen VM) does
// nothing for a while and then goes on where it was: its work in progress
// takes the pause longer, and what would have happened meanwhile (taking a
// request up, answering, calling on) happens when it resumes, in order.
// A slowed host (a degradation) does its work in progress at the speed of
// each moment: work begun slow speeds up when the host recovers.
namespace chaossim::sim {

void ServiceSimulator::add_speeds(const ServiceEffects& effects) {
  if (effects.speed.empty()) return;
  speeds_.resize(instances_.size());
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    auto speed = std::make_shared<const Timeline>(host_speed(effects, static_cast<int>(i)));
    // Instances slowed alike share one timeline: a service may have thousands of hosts.
    speeds_[i] = i > 0 && *speeds_[i - 1] == *speed ? speeds_[i - 1] : std::move(speed);
  }
}

void ServiceSimulator::add_pauses(const std::vector<Pause>& pauses) {
  if (pauses.empty()) return;
  paused_.assign(instances_.size(), {});
  for (const auto& p : pauses)
    if (static_cast<std::size_t>(p.instance) < paused_.size())
      paused_[static_cast<std::size_t>(p.instance)].emplace_back(p.window.start, p.window.end);
  // Overlapping pauses are one pause.
  for (auto& windows : paused_) {
    std::sort(windows.begin(), windows.end());
    std::vector<std::pair<double, double>> merged;
    for (const auto& w : windows) {
      if (!merged.empty() && w.first <= merged.back().second) merged.back().second = std::max(merged.back().second, w.second);
      else merged.push_back(w);
    }
    windows = std::move(merged);
  }
}

double ServiceSimulator::resume_time(std::uint32_t instance, double now) const {
  for (const auto& [start, end] : paused_[instance])
    if (now >= start && now < end) return end;
  return now;
}

double ServiceSimulator::finish_time(std::uint32_t instance, double now, double work) const {
  static const Timeline full_speed;
  static const std::vector<std::pair<double, double>> never_paused;
  const Timeline& speed = speeds_.empty() ? full_speed : *speeds_[instance];
  const auto& pauses = paused_.empty() ? never_paused : paused_[instance];
  constexpr double never = std::numeric_limits<double>::infinity();
  // The speed step in force is the one before `step` (nominal before the first).
  auto step = std::upper_bound(speed.begin(), speed.end(), now, [](double t, const Step& s) { return t < s.at; });
  auto pause = pauses.begin();
  double t = now;
  while (true) {
    while (pause != pauses.end() && pause->second <= t) ++pause;
    if (pause != pauses.end() && pause->first <= t) {
      t = pause->second;  // stands still until it resumes
      while (step != speed.end() && step->at <= t) ++step;
      continue;
    }
    const double rate = step == speed.begin() ? 1.0 : std::prev(step)->value;
    const double until = std::min(step == speed.end() ? never : step->at, pause == pauses.end() ? never : pause->first);
    if (t + work / rate <= until) return t + work / rate;
    work -= (until - t) * rate;
    t = until;
    while (step != speed.end() && step->at <= t) ++step;
  }
}

}  // namespace chaossim::sim
