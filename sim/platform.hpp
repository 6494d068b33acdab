#pragma once
// The SimGrid platform of a scenario: one host per service instance and per
// client, each attached to a star by its own split-duplex link (latency half a
// hop each way), so that a host's link is the unit a network fault acts on.
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "scenarios/scenario.hpp"

namespace chaossim::sim {

namespace sg4 = simgrid::s4u;

struct Endpoint {
  sg4::Host* host = nullptr;
  sg4::Link* up = nullptr;    // messages leaving the host
  sg4::Link* down = nullptr;  // messages reaching the host
};

// Host speed at nominal capacity. Service times are stated in seconds; they are
// scaled by nominal_speed / current speed, so a slowed host serves slower.
inline constexpr double nominal_speed = 1e9;

struct Platform {
  std::vector<std::vector<Endpoint>> instances;  // [service][instance]
  std::vector<Endpoint> clients;                 // [client]
};

// Configures SimGrid (before any platform exists) and builds the platform.
Platform build_platform(sg4::Engine& engine, const scenarios::Scenario& scenario);

}  // namespace chaossim::sim
