// A pause stands the chosen instances' processes still (ServiceSimulator
// plays it: work stops and resumes, what arrives waits).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::PauseFault& p, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  auto& on = effects_on(out, s, p.target);
  for (int instance : p.instances.chosen) on.pauses.push_back({window_of(f, 0), instance});
}

}  // namespace chaossim::sim
