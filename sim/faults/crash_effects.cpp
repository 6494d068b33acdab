// A crash takes the instances its occurrence chose down (README, "Faults"):
// their hosts off (blackhole) or their processes (refuse), each back a
// stagger after the one before when the restart is staggered.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::CrashFault& c, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  auto& on = effects_on(out, s, c.target);
  const auto& chosen = c.instances.chosen;
  for (std::size_t k = 0; k < chosen.size(); ++k)
    on.outages.push_back({{f.at_s, f.at_s + f.for_s + c.stagger_s * static_cast<double>(k), 0}, chosen[k], c.mode});
}

}  // namespace chaossim::sim
