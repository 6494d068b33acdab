// A duplicate fault copies messages to and from the target.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::DuplicateFault& d, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  effects_on(out, s, d.target).duplicate.push_back(window_on_instances(f, s, d.rate));
}

}  // namespace chaossim::sim
