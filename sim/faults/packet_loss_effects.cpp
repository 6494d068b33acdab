// Packet loss drops messages to and from the target.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::PacketLossFault& p, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  effects_on(out, s, p.target).loss.push_back(window_on_instances(f, s, p.rate));
}

}  // namespace chaossim::sim
