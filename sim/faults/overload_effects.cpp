// An overload multiplies the client's arrival rate.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::OverloadFault& o, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  for (std::size_t c = 0; c < s.clients.size(); ++c)
    if (s.clients[c].name == o.client) out.arrival_multipliers[c].push_back(window_of(f, o.multiplier));
}

}  // namespace chaossim::sim
