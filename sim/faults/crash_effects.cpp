// A crash takes the target's instances 0 .. n-1 down (README, "Faults"): their
// hosts off (blackhole) or their processes (refuse).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::CrashFault& c, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  const int all = s.find_service(c.target)->instances;
  effects_on(out, s, c.target).outages.push_back({window_of(f, 0), c.instances.value_or(all), c.mode});
}

}  // namespace chaossim::sim
