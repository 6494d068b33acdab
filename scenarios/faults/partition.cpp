// The splits a partition draws (partition.hpp), as Jepsen's nemeses draw
// theirs: the nodes shuffled, then cut into halves, one and the rest, a ring
// of majorities, or two halves and a bridge.
#include "scenarios/faults/partition.hpp"

#include <algorithm>
#include <numeric>

#include "patterns/random.hpp"
#include "scenarios/scenario.hpp"

namespace chaossim::scenarios {

namespace {

std::size_t below(patterns::Random& random, std::size_t n) {
  return std::min(n - 1, static_cast<std::size_t>(random.uniform() * static_cast<double>(n)));
}

// Fisher-Yates, written out so that the draw does not depend on the standard library's.
std::vector<int> shuffled(std::size_t n, patterns::Random& random) {
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[below(random, i)]);
  return order;
}

// Every node hears every node of its own component, and none of another's.
std::vector<std::vector<int>> views_of(std::size_t n, const std::vector<std::vector<int>>& components) {
  std::vector<std::vector<int>> views(n);
  for (const auto& component : components)
    for (int node : component) {
      auto& view = views[static_cast<std::size_t>(node)];
      view.insert(view.end(), component.begin(), component.end());
    }
  for (auto& view : views) {
    std::sort(view.begin(), view.end());
    view.erase(std::unique(view.begin(), view.end()), view.end());
  }
  return views;
}

}  // namespace

std::vector<std::string> PartitionFault::candidates(const Scenario& s, std::vector<Node>* ids) const {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < s.services.size(); ++k) {
    const auto& service = s.services[k];
    if (!of.empty() && std::find(of.begin(), of.end(), service.name) == of.end()) continue;
    if (nodes == PartitionNodes::services) {
      out.push_back(service.name);
      if (ids) ids->push_back({static_cast<int>(k), -1});
      continue;
    }
    const int count = service.autoscaling ? service.autoscaling->max_instances : service.instances;
    for (int i = 0; i < count; ++i) {
      out.push_back(service.name + "#" + std::to_string(i));
      if (ids) ids->push_back({static_cast<int>(k), i});
    }
  }
  return out;
}

void PartitionFault::resolve(const Scenario& s, patterns::Random& random) {
  if (!drawn()) return;
  node_ids.clear();
  node_names = candidates(s, &node_ids);
  const std::size_t n = node_names.size();
  const std::vector<int> order = shuffled(n, random);
  std::vector<std::vector<int>> components;
  switch (split) {
    case Split::groups: return;
    case Split::halves: {
      const auto half = static_cast<std::ptrdiff_t>(n / 2);
      components = {{order.begin(), order.begin() + half}, {order.begin() + half, order.end()}};
      views = views_of(n, components);
      break;
    }
    case Split::isolate:
      components = {{order.front()}, {order.begin() + 1, order.end()}};
      views = views_of(n, components);
      break;
    case Split::bridge: {
      // The first of the shuffle is the bridge; the rest are halved, and each half hears it.
      const int bridge = order.front();
      const auto half = static_cast<std::ptrdiff_t>((n - 1) / 2) + 1;
      components = {{order.begin(), order.begin() + half}, {order.begin() + half, order.end()}};
      components[1].insert(components[1].begin(), bridge);
      views = views_of(n, components);
      break;
    }
    case Split::majorities_ring: {
      // Around the ring, each node hears the majority of nodes centred on it
      // (as Jepsen's majorities-ring): its neighbours hear it back, the
      // farthest it hears may not.
      const std::size_t majority = n / 2 + 1, before = majority / 2;
      views.assign(n, {});
      for (std::size_t at = 0; at < n; ++at) {
        auto& view = views[static_cast<std::size_t>(order[at])];
        for (std::size_t k = 0; k < majority; ++k) view.push_back(order[(at + n - before + k) % n]);
        std::sort(view.begin(), view.end());
      }
      break;
    }
  }
  groups.clear();
  for (const auto& component : components) {
    std::vector<std::string> names;
    for (int node : component) names.push_back(node_names[static_cast<std::size_t>(node)]);
    groups.push_back(std::move(names));
  }
}

}  // namespace chaossim::scenarios
