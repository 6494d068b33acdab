// Corruption spoils messages to and from the target (the call path plays it).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::CorruptFault& c, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  effects_on(out, s, c.target).corrupt.push_back(window_on_instances(f, s, c.rate));
}

}  // namespace chaossim::sim
