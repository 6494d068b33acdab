#pragma once
// What a host's clock reads, as the patterns on it see time (a breaker's
// windows and open time, a rate limiter's refills, a retry budget's window):
// the simulation's true time, shifted while a clock fault holds the host by
// its `skew` and by its `drift_ppm` accumulated since the fault began (and
// set right, as NTP would, when it ends). Virtual time itself stays true:
// timers, recorders and the other hosts are untouched. Timeouts run on
// monotonic timers, as runtimes run them, and do not see it either.
#include <vector>

#include "sim/fault_effects.hpp"

namespace chaossim::sim {

class HostClock {
 public:
  HostClock() = default;
  explicit HostClock(std::vector<ClockShift> shifts) : shifts_(std::move(shifts)) {}

  double local(double t) const { return shifts_.empty() ? t : t + offset(t); }

 private:
  double offset(double t) const {
    double off = 0;
    for (const auto& s : shifts_)
      if (s.window.active_at(t)) off += s.skew_s + s.drift_ppm * 1e-6 * (t - s.window.start);
    return off;
  }
  std::vector<ClockShift> shifts_;
};

}  // namespace chaossim::sim
