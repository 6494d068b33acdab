// A partition cuts the routes from each service of one group to each of the
// other, in the direction it says.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::PartitionFault& p, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  using scenarios::PartitionDirection;
  const auto& first = p.groups.at(0);
  const auto& second = p.groups.at(1);
  for (const auto& a : first)
    for (const auto& b : second) {
      const int from = s.service_index(a), to = s.service_index(b);
      if (p.direction != PartitionDirection::backward) out.cuts[{from, to}].push_back(window_of(f, 0));
      if (p.direction != PartitionDirection::forward) out.cuts[{to, from}].push_back(window_of(f, 0));
    }
}

}  // namespace chaossim::sim
