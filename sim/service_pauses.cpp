#include "sim/service_simulator.hpp"

#include <algorithm>

// A paused process (a GC's stop-the-world, a SIGSTOP, a frozen VM) does
// nothing for a while and then goes on where it was: its work in progress
// takes the pause longer, and what would have happened meanwhile (taking a
// request up, answering, calling on) happens when it resumes, in order.
namespace chaossim::sim {

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
  double t = now;
  for (const auto& [start, end] : paused_[instance]) {
    if (end <= t) continue;
    if (t + work <= start) break;
    if (t < start) work -= start - t;  // done before it stops
    t = end;
  }
  return t + work;
}

}  // namespace chaossim::sim
