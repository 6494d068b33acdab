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
  // The call's options (a fallback's calls take those of the call falling back).
  bool propagate_deadline = false;
  bool cancel_on_timeout = false;
  // Its caller gives up on it by itself: a client with a deadline, a parallel step.
  bool caller_gives_up = false;
};

// How every output names an edge: "from->to", "from->to (fallback)" for a fallback's calls.
std::string edge_subject(const std::string& from, const std::string& to, bool fallback);
inline std::string edge_subject(const EdgeInfo& e) { return edge_subject(e.from, e.to, e.fallback_of >= 0); }

// Clients' edges, then services' calls, then the edges of fallback calls.
std::vector<EdgeInfo> edge_list(const scenarios::Scenario& scenario);

// The edge index of services[s].calls[0]; the calls of a service are consecutive.
std::vector<std::size_t> first_call_edge(const scenarios::Scenario& scenario);

}  // namespace chaossim::sim
