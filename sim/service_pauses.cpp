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

namespace {

// Overlapping pauses are one pause.
void merge(std::vector<std::pair<double, double>>& windows) {
  std::sort(windows.begin(), windows.end());
  std::vector<std::pair<double, double>> merged;
  for (const auto& w : windows) {
    if (!merged.empty() && w.first <= merged.back().second) merged.back().second = std::max(merged.back().second, w.second);
    else merged.push_back(w);
  }
  windows = std::move(merged);
}

}  // namespace

void ServiceSimulator::add_pauses(const std::vector<Pause>& pauses) {
  if (pauses.empty()) return;
  paused_.assign(instances_.size(), {});
  for (const auto& p : pauses)
    if (static_cast<std::size_t>(p.instance) < paused_.size())
      paused_[static_cast<std::size_t>(p.instance)].emplace_back(p.window.start, p.window.end);
  for (auto& windows : paused_) merge(windows);
}

void ServiceSimulator::start_collector(const scenarios::GarbageCollection& gc) {
  // Instances started together do not collect in step: their first collections are spread over an interval.
  const double n = static_cast<double>(instances_.size());
  for (std::uint32_t i = 0; i < instances_.size(); ++i)
    scheduler().at(gc.interval_s * (i + 1) / n, [this, i] { collect(i); });
}

void ServiceSimulator::collect(std::uint32_t instance) {
  const scenarios::GarbageCollection& gc = *config_.gc;
  const double now = sim::now();
  const Instance& inst = instances_[instance];
  // A host that is off has no heap to collect.
  const double pause = inst.endpoint.is_on() ? gc.pause_s + gc.pause_per_request_s * inst.held() : 0;
  if (pause > 0) pause_now(instance, now, now + pause);
  // The next collection comes after an interval of running (allocating) again.
  scheduler().at(resume_time(instance, now) + gc.interval_s, [this, instance] { collect(instance); });
}

void ServiceSimulator::pause_now(std::uint32_t instance, double now, double until) {
  if (paused_.empty()) paused_.assign(instances_.size(), {});
  ProcessorSharing& cpu = *cores_[instance];
  cpu.count_up_to(now);
  // Nothing reads an instance's past pace any more once its work is counted
  // up to now: the pauses that are over go, and the list stays short.
  auto& windows = paused_[instance];
  windows.erase(windows.begin(), std::find_if(windows.begin(), windows.end(), [now](const auto& w) { return w.second > now; }));
  windows.emplace_back(now, until);
  merge(windows);
  cpu.replan(now);
}

double ServiceSimulator::resume_time(std::uint32_t instance, double now) const {
  for (const auto& [start, end] : paused_[instance])
    if (now >= start && now < end) return end;
  return now;
}

namespace {

using Pauses = std::vector<std::pair<double, double>>;

// Walks an instance's time from t0 in stretches of constant speed, its pauses
// skipped: `stretch(from, to, speed)` for each (`to` infinite for the last),
// until it returns true.
template <class Stretch>
void walk(const Timeline& speed, const Pauses& pauses, double t0, Stretch&& stretch) {
  constexpr double never = std::numeric_limits<double>::infinity();
  // The speed step in force is the one before `step` (nominal before the first).
  auto step = std::upper_bound(speed.begin(), speed.end(), t0, [](double t, const Step& s) { return t < s.at; });
  auto pause = pauses.begin();
  double t = t0;
  while (true) {
    while (pause != pauses.end() && pause->second <= t) ++pause;
    if (pause != pauses.end() && pause->first <= t) {
      t = pause->second;  // stands still until it resumes
    } else {
      const double rate = step == speed.begin() ? 1.0 : std::prev(step)->value;
      const double until = std::min(step == speed.end() ? never : step->at, pause == pauses.end() ? never : pause->first);
      if (stretch(t, until, rate)) return;
      t = until;
    }
    while (step != speed.end() && step->at <= t) ++step;
  }
}

const Timeline full_speed;
const Pauses never_paused;

}  // namespace

double ServiceSimulator::finish_time(std::uint32_t instance, double now, double work) const {
  double finished = now;
  walk(speeds_.empty() ? full_speed : *speeds_[instance], paused_.empty() ? never_paused : paused_[instance], now,
       [&](double from, double to, double rate) {
         if (from + work / rate <= to) {
           finished = from + work / rate;
           return true;
         }
         work -= (to - from) * rate;
         return false;
       });
  return finished;
}

double ServiceSimulator::work_done(std::uint32_t instance, double t0, double t1) const {
  if (speeds_.empty() && paused_.empty()) return t1 - t0;
  double done = 0;
  walk(speeds_.empty() ? full_speed : *speeds_[instance], paused_.empty() ? never_paused : paused_[instance], t0,
       [&](double from, double to, double rate) {
         if (from >= t1) return true;
         done += (std::min(to, t1) - from) * rate;
         return to >= t1;
       });
  return done;
}

}  // namespace chaossim::sim
