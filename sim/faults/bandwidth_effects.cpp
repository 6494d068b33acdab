// A bandwidth cut caps the target's instances' links (platform.cpp plays it
// as a bandwidth profile on each).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::BandwidthFault& b, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  effects_on(out, s, b.target).bandwidth.push_back(window_on_instances(f, s, b.bytes_per_s));
}

}  // namespace chaossim::sim
