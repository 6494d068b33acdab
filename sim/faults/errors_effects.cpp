// An error spike raises the target's error rate.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::ErrorsFault& e, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  auto& effects = effects_on(out, s, e.target);
  (e.error_class == scenarios::ErrorClass::client ? effects.client_errors : effects.errors).push_back(window_on_instances(f, s, e.rate));
}

}  // namespace chaossim::sim
