// A partition cuts the routes from each service of one group to each of the
// other, in the direction it says; a drawn split cuts, for each node, the
// messages from the nodes its view leaves out (services' routes, or, between
// instances, their own).
#include <algorithm>

#include "sim/fault_effects.hpp"

namespace chaossim::sim {

namespace {

void add_drawn(const scenarios::PartitionFault& p, const scenarios::Fault& f, FaultEffects& out) {
  const std::size_t n = p.node_ids.size();
  std::vector<std::pair<int, int>> nodes;
  for (const auto& node : p.node_ids) nodes.emplace_back(node.service, node.instance);
  for (std::size_t to = 0; to < n; ++to) {
    const auto& view = p.views[to];
    for (std::size_t from = 0; from < n; ++from) {
      if (std::binary_search(view.begin(), view.end(), static_cast<int>(from))) continue;
      const auto [from_service, from_instance] = nodes[from];
      const auto [to_service, to_instance] = nodes[to];
      if (from_instance < 0) out.cuts[{from_service, to_service}].push_back(window_of(f, 0));
      else out.instance_cuts[{nodes[from], nodes[to]}].push_back(window_of(f, 0));
    }
  }
}

}  // namespace

void add_effects(const scenarios::PartitionFault& p, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  using scenarios::PartitionDirection;
  if (p.drawn()) return add_drawn(p, f, out);
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
