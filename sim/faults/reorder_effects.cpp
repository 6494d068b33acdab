// Reordering holds back some of what the target sends (network.hpp plays it).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::ReorderFault& r, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  effects_on(out, s, r.target).reorder.push_back({window_on_instances(f, s, 0), r.rate, r.delay_s});
}

}  // namespace chaossim::sim
