// A partition between zones cuts the messages from each zone of one group to
// each of the other, in the direction it says (network.hpp plays it).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::ZonePartitionFault& p, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  using scenarios::PartitionDirection;
  for (const auto& a : p.groups.at(0))
    for (const auto& b : p.groups.at(1)) {
      const int from = s.zone_index(a), to = s.zone_index(b);
      if (p.direction != PartitionDirection::backward) out.zone_cuts[{from, to}].push_back(window_of(f, 0));
      if (p.direction != PartitionDirection::forward) out.zone_cuts[{to, from}].push_back(window_of(f, 0));
    }
}

}  // namespace chaossim::sim
