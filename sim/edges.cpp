#include "sim/edges.hpp"

namespace chaossim::sim {

std::string edge_subject(const std::string& from, const std::string& to, bool fallback) {
  return from + "->" + to + (fallback ? " (fallback)" : "");
}

std::vector<EdgeInfo> edge_list(const scenarios::Scenario& s) {
  std::vector<EdgeInfo> edges;
  for (std::size_t c = 0; c < s.clients.size(); ++c) {
    const auto& client = s.clients[c];
    EdgeInfo& e = edges.emplace_back(
        EdgeInfo{client.name, true, static_cast<int>(c), client.target, s.service_index(client.target), client.pipeline, false});
    e.propagate_deadline = client.propagate_deadline;
    e.cancel_on_timeout = client.cancel_on_timeout;
    e.caller_gives_up = client.deadline_s.has_value();
  }
  for (std::size_t i = 0; i < s.services.size(); ++i)
    for (const auto& call : s.services[i].calls) {
      EdgeInfo& e = edges.emplace_back(EdgeInfo{s.services[i].name, false, static_cast<int>(i), call.service,
                                                s.service_index(call.service), call.pipeline, call.optional});
      e.propagate_deadline = call.propagate_deadline;
      e.cancel_on_timeout = call.cancel_on_timeout;
      e.caller_gives_up = call.parallel;
    }
  const std::size_t direct = edges.size();
  for (std::size_t e = 0; e < direct; ++e) {
    if (!edges[e].pipeline) continue;
    const auto& fallback = s.pipelines.at(*edges[e].pipeline).fallback;
    if (!fallback) continue;
    for (std::size_t k = 0; k < fallback->chain.size(); ++k) {
      const auto& entry = fallback->chain[k];
      if (entry.kind != patterns::FallbackKind::service) continue;
      EdgeInfo info{edges[e].from, edges[e].from_client, edges[e].caller, entry.service, s.service_index(entry.service),
                    entry.pipeline, false};
      info.fallback_of = static_cast<int>(e);
      info.fallback_entry = static_cast<int>(k);
      info.propagate_deadline = edges[e].propagate_deadline;
      info.cancel_on_timeout = edges[e].cancel_on_timeout;
      edges.push_back(std::move(info));
    }
  }
  return edges;
}

std::vector<std::size_t> first_call_edge(const scenarios::Scenario& s) {
  std::vector<std::size_t> first;
  std::size_t next = s.clients.size();
  for (const auto& service : s.services) {
    first.push_back(next);
    next += service.calls.size();
  }
  return first;
}

}  // namespace chaossim::sim
