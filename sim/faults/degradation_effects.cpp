// A degradation changes the target's host speed linearly over the fault, and
// back to full speed at its end or linearly over another `for`.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {
namespace {

// A ramp is played as this many steps, each at the ramp's value in its middle,
// so that the mean speed over the ramp is exact.
constexpr int ramp_steps = 100;

}  // namespace

void add_effects(const scenarios::DegradationFault& d, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  SpeedChange change;
  for (int k = 0; k < ramp_steps; ++k) change.breakpoints.push_back(f.at_s + f.for_s * k / ramp_steps);
  if (d.recover == scenarios::Recover::ramp)
    for (int k = 0; k < ramp_steps; ++k) change.breakpoints.push_back(f.at_s + f.for_s + f.for_s * k / ramp_steps);
  change.breakpoints.push_back(f.end_s());
  change.factor = [d, at = f.at_s, for_s = f.for_s, end = f.end_s()](double t) {
    if (t < at || t >= end) return 1.0;
    const double into = t - at;
    if (into < for_s) return d.speed_from + (d.speed_to - d.speed_from) * into / for_s;
    return d.speed_to + (1.0 - d.speed_to) * (into - for_s) / for_s;
  };
  change.instances = instances_taken(f, s);
  effects_on(out, s, d.target).speed.push_back(std::move(change));
}

}  // namespace chaossim::sim
