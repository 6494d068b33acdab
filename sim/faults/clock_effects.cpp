// A clock fault shifts what the target's hosts read (host_clock.hpp).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::ClockFault& c, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  effects_on(out, s, c.target).clock.push_back({window_of(f, 0), c.skew_s, c.drift_ppm});
}

}  // namespace chaossim::sim
