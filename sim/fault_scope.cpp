#include "sim/fault_scope.hpp"

#include <algorithm>

namespace chaossim::sim {

using scenarios::FaultSubject;

namespace {

// The services from which `starts` can be reached along `next` (a call
// graph, or its reverse), the starts included: one breadth-first pass,
// linear in the graph, whatever its depth (a chain of 10,000 services).
std::vector<char> reachable(const std::vector<std::vector<std::size_t>>& next, const std::vector<char>& starts) {
  std::vector<char> seen = starts;
  std::vector<std::size_t> queue;
  for (std::size_t i = 0; i < starts.size(); ++i)
    if (starts[i]) queue.push_back(i);
  while (!queue.empty()) {
    const std::size_t at = queue.back();
    queue.pop_back();
    for (const std::size_t n : next[at])
      if (!seen[n]) {
        seen[n] = 1;
        queue.push_back(n);
      }
  }
  return seen;
}

}  // namespace

std::vector<std::vector<char>> fault_scopes(const scenarios::Scenario& s, const FaultTimeline& timeline, const std::vector<EdgeInfo>& edges) {
  const std::size_t n = s.services.size();
  std::vector<std::vector<std::size_t>> calls(n), callers(n);
  for (const auto& e : edges)
    if (!e.from_client) {
      calls[static_cast<std::size_t>(e.caller)].push_back(static_cast<std::size_t>(e.target));
      callers[static_cast<std::size_t>(e.target)].push_back(static_cast<std::size_t>(e.caller));
    }
  std::vector<std::vector<char>> scopes;
  for (const auto& occurrence : timeline.occurrences) {
    const auto& f = occurrence.played;
    std::vector<char> scope(edges.size(), 0);
    if (f.subject() == FaultSubject::client) {
      // Downstream of the client: its own edge, and every call its target's work reaches.
      const scenarios::Client* client = nullptr;
      for (const auto& c : s.clients)
        if (c.name == f.client()) client = &c;
      std::vector<char> entry(n, 0);
      entry[static_cast<std::size_t>(s.service_index(client->target))] = 1;
      const auto downstream = reachable(calls, entry);
      for (std::size_t e = 0; e < edges.size(); ++e)
        scope[e] = edges[e].from_client ? edges[e].from == f.client() : downstream[static_cast<std::size_t>(edges[e].caller)];
    } else {
      std::vector<char> hit(n, 0);  // the services the fault hits
      if (f.subject() == FaultSubject::service_groups) {
        if (const auto* split = f.as<scenarios::PartitionFault>(); split && split->drawn())
          for (const auto& node : split->node_ids) hit[static_cast<std::size_t>(node.service)] = 1;
        else
          for (const auto& group : f.groups())
            for (const auto& name : group) hit[static_cast<std::size_t>(s.service_index(name))] = 1;
      } else if (f.subject() == FaultSubject::service) {
        hit[static_cast<std::size_t>(s.service_index(f.target()))] = 1;
      } else if (f.subject() == FaultSubject::zone_groups) {
        for (const auto& group : f.groups())
          for (const auto& zone : group)
            for (std::size_t i = 0; i < n; ++i)
              if (std::find(s.services[i].zones.begin(), s.services[i].zones.end(), zone) != s.services[i].zones.end()) hit[i] = 1;
      }
      // An edge sees the fault when its target's work reaches a hit service.
      const auto upstream = reachable(callers, hit);
      for (std::size_t e = 0; e < edges.size(); ++e) scope[e] = upstream[static_cast<std::size_t>(edges[e].target)];
    }
    scopes.push_back(std::move(scope));
  }
  return scopes;
}

}  // namespace chaossim::sim
