#include "sim/fault_scope.hpp"

namespace chaossim::sim {

using scenarios::FaultSubject;

namespace {

// reach[s][t]: service s's requests reach service t (s reaches itself).
std::vector<std::vector<char>> reachability(const scenarios::Scenario& s, const std::vector<EdgeInfo>& edges) {
  const std::size_t n = s.services.size();
  std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
  for (std::size_t i = 0; i < n; ++i) reach[i][i] = 1;
  for (const auto& e : edges)
    if (!e.from_client) reach[static_cast<std::size_t>(e.caller)][static_cast<std::size_t>(e.target)] = 1;
  // Transitive closure (Floyd-Warshall); scenarios have tens of services.
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      if (reach[i][k])
        for (std::size_t j = 0; j < n; ++j)
          if (reach[k][j]) reach[i][j] = 1;
  return reach;
}

}  // namespace

std::vector<std::vector<char>> fault_scopes(const scenarios::Scenario& s, const std::vector<EdgeInfo>& edges) {
  const auto reach = reachability(s, edges);
  std::vector<std::vector<char>> scopes;
  for (const auto& f : s.faults) {
    std::vector<char> hit(s.services.size(), 0);  // the services the fault hits
    if (f.subject() == FaultSubject::service_groups) {
      for (const auto& group : f.groups())
        for (const auto& name : group) hit[static_cast<std::size_t>(s.service_index(name))] = 1;
    } else if (f.subject() == FaultSubject::service) {
      hit[static_cast<std::size_t>(s.service_index(f.target()))] = 1;
    }
    std::vector<char> scope(edges.size(), 0);
    if (f.subject() == FaultSubject::client) {
      // Downstream of the client: its own edge, and every call its target's work reaches.
      const scenarios::Client* client = nullptr;
      for (const auto& c : s.clients)
        if (c.name == f.client()) client = &c;
      const auto entry = static_cast<std::size_t>(s.service_index(client->target));
      for (std::size_t e = 0; e < edges.size(); ++e)
        scope[e] = edges[e].from_client ? edges[e].from == f.client() : reach[entry][static_cast<std::size_t>(edges[e].caller)];
    } else {
      for (std::size_t e = 0; e < edges.size(); ++e)
        for (std::size_t t = 0; t < hit.size() && !scope[e]; ++t)
          scope[e] = hit[t] && reach[static_cast<std::size_t>(edges[e].target)][t];
    }
    scopes.push_back(std::move(scope));
  }
  return scopes;
}

}  // namespace chaossim::sim
