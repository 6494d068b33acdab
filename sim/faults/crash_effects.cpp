// A crash takes the target's instances 0 .. n-1 down (README, "Faults"): their
// hosts off (blackhole) or their processes (refuse).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::CrashFault& c, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  // All of them: of an autoscaled service, as many as it may run at once (the
  // hosts beyond are its spares, where replacements start: autoscaler.hpp).
  const auto& service = *s.find_service(c.target);
  const int all = service.autoscaling ? service.autoscaling->max_instances : service.instances;
  effects_on(out, s, c.target).outages.push_back({window_of(f, 0), c.instances.value_or(all), c.mode});
}

}  // namespace chaossim::sim
