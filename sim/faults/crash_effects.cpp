// A crash turns the target's hosts off: instances 0 .. n-1 (README, "Faults").
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::CrashFault& c, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  const int all = s.find_service(c.target)->instances;
  effects_on(out, s, c.target).outages.push_back({window_of(f, 0), c.instances.value_or(all)});
}

}  // namespace chaossim::sim
