#pragma once
// The SimGrid platform of a scenario: one host per service instance and per
// client, each attached to a star by its own split-duplex link (latency half a
// hop each way), so that a host's link is the unit a network fault acts on.
// The faults' effects on hosts and routes are attached as SimGrid profiles
// before the platform is sealed (fault_plan.hpp): outages turn hosts off and
// on, speed changes set host speeds, egress latency sets the latency of a
// service's outgoing links, and each pair of services a fault ever cuts gets
// a link of its own, off while cut, so that the cut leaves every other route
// working.
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "scenarios/scenario.hpp"
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

namespace sg4 = simgrid::s4u;

struct Endpoint {
  sg4::Host* host = nullptr;
  sg4::Link* up = nullptr;    // messages leaving the host
  sg4::Link* down = nullptr;  // messages reaching the host
  int node = -1;              // the service's index, or (services + client index) for a client
};

// Host speed at nominal capacity. Service times are stated in seconds; they are
// scaled by nominal_speed / current speed, so a slowed host serves slower.
inline constexpr double nominal_speed = 1e9;

struct Platform {
  std::vector<std::vector<Endpoint>> instances;  // [service][instance]
  std::vector<Endpoint> clients;                 // [client]
  // [from service * services + to service]: the link a partition turns off
  // between them, null for pairs no partition ever cuts.
  std::vector<sg4::Link*> routes;
  std::size_t services = 0;
  // When a fault profile changes something on the platform: the scheduler
  // hands the time over to SimGrid there (scheduler.hpp).
  std::vector<double> change_times;

  const sg4::Link* route(int from, int to) const {
    const auto n = services;
    const auto f = static_cast<std::size_t>(from), t = static_cast<std::size_t>(to);
    return f < n && t < n ? routes[f * n + t] : nullptr;
  }
};

// Configures SimGrid (before any platform exists) and builds the platform.
Platform build_platform(sg4::Engine& engine, const scenarios::Scenario& scenario, const FaultEffects& effects);

}  // namespace chaossim::sim
