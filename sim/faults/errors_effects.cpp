// An error spike raises the target's error rate.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::ErrorsFault& e, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  effects_on(out, s, e.target).errors.push_back(window_of(f, e.rate));
}

}  // namespace chaossim::sim
