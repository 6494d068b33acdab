#pragma once
// The call edges of a scenario, in a fixed order: one per client (client ->
// its target), then each service's calls in order. Results list edges in this
// order, and sim/ and reports/ both derive it from here.
#include <optional>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace chaossim::sim {

struct EdgeInfo {
  std::string from;  // a client's or a service's name
  bool from_client = false;
  int caller = -1;   // index of the calling client or service
  std::string to;
  int target = -1;   // index of the called service
  std::optional<std::string> pipeline;
  bool optional = false;
  // An edge that a fallback calls another service on: the edge whose pipeline
  // falls back, and the entry of its chain.
  int fallback_of = -1;
  int fallback_entry = -1;
  // An edge a queue delivers its messages to a consumer on: the queue's
  // service index (also `caller`) and the consumer's place in its list.
  int consumer_of = -1;
  int consumer = -1;
  // The call's options (a fallback's calls take those of the call falling back).
  bool propagate_deadline = false;
  bool cancel_on_timeout = false;
  std::optional<std::uint64_t> request_bytes = std::nullopt, response_bytes = std::nullopt;
  std::optional<scenarios::Connections> connections = std::nullopt;
  // Its caller gives up on it by itself: a client with a deadline, a parallel step.
  bool caller_gives_up = false;
  // Endpoints, where the services have named ones: the caller's whose call
  // this is, by name, and the callee's it calls (index 0, unnamed, otherwise).
  int to_endpoint = 0;
  std::string from_endpoint_name = {}, to_endpoint_name = {};  // empty where unnamed
};

// What an edge carries: a service's or client's calls, a fallback's, or a queue's deliveries.
inline std::string edge_role(const EdgeInfo& e) { return e.fallback_of >= 0 ? "fallback" : e.consumer_of >= 0 ? "consume" : "call"; }
// "from->to", with " (fallback)" or " (consume)" for those roles; a named endpoint follows its service: "shop/checkout->db".
std::string edge_subject(const std::string& from, const std::string& from_endpoint, const std::string& to,
                         const std::string& to_endpoint, const std::string& role);
inline std::string edge_subject(const EdgeInfo& e) {
  return edge_subject(e.from, e.from_endpoint_name, e.to, e.to_endpoint_name, edge_role(e));
}
// How every output names a service's endpoint: "shop/checkout".
inline std::string endpoint_subject(const std::string& service, const std::string& endpoint) { return service + "/" + endpoint; }

// Clients' edges, then services' calls, then the edges of fallback calls.
std::vector<EdgeInfo> edge_list(const scenarios::Scenario& scenario);

// The edge index of services[s].calls[0]; the calls of a service are consecutive.
std::vector<std::size_t> first_call_edge(const scenarios::Scenario& scenario);

}  // namespace chaossim::sim
