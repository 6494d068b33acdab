#include "sim/edges.hpp"

#include <algorithm>

namespace chaossim::sim {

std::string edge_subject(const std::string& from, const std::string& from_endpoint, const std::string& to,
                         const std::string& to_endpoint, const std::string& role) {
  const auto side = [](const std::string& service, const std::string& endpoint) {
    return endpoint.empty() ? service : endpoint_subject(service, endpoint);
  };
  return side(from, from_endpoint) + "->" + side(to, to_endpoint) + (role == "call" ? "" : " (" + role + ")");
}

namespace {

// The callee's endpoint an edge calls, named or not (0, its only one, when it has none).
void set_callee_endpoint(const scenarios::Scenario& s, EdgeInfo& e, const std::optional<std::string>& name) {
  if (e.target < 0) return;
  const auto& target = s.services[static_cast<std::size_t>(e.target)];
  e.to_endpoint = std::max(0, target.endpoint_index(name));
  e.to_endpoint_name = target.endpoints[static_cast<std::size_t>(e.to_endpoint)].name;
}

}  // namespace

std::vector<EdgeInfo> edge_list(const scenarios::Scenario& s) {
  std::vector<EdgeInfo> edges;
  for (std::size_t c = 0; c < s.clients.size(); ++c) {
    const auto& client = s.clients[c];
    EdgeInfo& e = edges.emplace_back(
        EdgeInfo{client.name, true, static_cast<int>(c), client.target, s.service_index(client.target), client.pipeline, false});
    e.propagate_deadline = client.propagate_deadline;
    e.cancel_on_timeout = client.cancel_on_timeout;
    e.request_bytes = client.request_bytes;
    e.response_bytes = client.response_bytes;
    e.connections = client.connections;
    e.caller_gives_up = client.deadline_s.has_value();
    set_callee_endpoint(s, e, client.endpoint);
  }
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& service = s.services[i];
    for (std::size_t ep = 0; ep < service.endpoints.size(); ++ep)
      for (std::size_t k = service.endpoints[ep].first_call; k < service.endpoints[ep].end_call; ++k) {
        const auto& call = service.calls[k];
        EdgeInfo& e = edges.emplace_back(EdgeInfo{service.name, false, static_cast<int>(i), call.service,
                                                  s.service_index(call.service), call.pipeline, call.optional});
        e.propagate_deadline = call.propagate_deadline;
        e.cancel_on_timeout = call.cancel_on_timeout;
        e.request_bytes = call.request_bytes;
        e.response_bytes = call.response_bytes;
        e.connections = call.connections;
        e.caller_gives_up = call.parallel;
        e.from_endpoint_name = service.endpoints[ep].name;
        set_callee_endpoint(s, e, call.endpoint);
      }
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
      info.request_bytes = edges[e].request_bytes;
      info.response_bytes = edges[e].response_bytes;
      info.connections = edges[e].connections;
      info.from_endpoint_name = edges[e].from_endpoint_name;
      set_callee_endpoint(s, info, entry.endpoint);
      edges.push_back(std::move(info));
    }
  }
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    if (!s.services[i].broker) continue;
    const auto& consumers = s.services[i].broker->consumers;
    for (std::size_t k = 0; k < consumers.size(); ++k) {
      EdgeInfo& e = edges.emplace_back(EdgeInfo{s.services[i].name, false, static_cast<int>(i), consumers[k].service,
                                                s.service_index(consumers[k].service), std::nullopt, false});
      e.consumer_of = static_cast<int>(i);
      e.consumer = static_cast<int>(k);
      set_callee_endpoint(s, e, consumers[k].endpoint);
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
