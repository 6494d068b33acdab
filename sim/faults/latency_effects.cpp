// A latency fault delays what the target sends: the part every message gets
// on its egress link, the rest drawn per message (fault_effects.hpp, Jitter).
#include <algorithm>

#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::LatencyFault& l, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  auto& on = effects_on(out, s, l.target);
  on.egress_latency.push_back(window_on_instances(f, s, std::max(0.0, l.add_s - l.jitter_s)));
  if (l.jitter_s > 0) on.jitter.push_back({window_on_instances(f, s, 0), l.add_s, l.jitter_s, l.correlation});
}

}  // namespace chaossim::sim
