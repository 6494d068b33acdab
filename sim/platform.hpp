#pragma once
// The SimGrid platform of a scenario: one host per service instance and per
// client, each attached to a star by its own split-duplex link (latency half a
// hop each way), so that a host's link is the unit a network fault acts on.
// The faults' effects on hosts and routes are attached as SimGrid profiles
// before the platform is sealed (fault_plan.hpp): outages turn hosts off and
// on, egress latency sets the latency of a
// service's outgoing links, and each pair of services a fault ever cuts gets
// a link of its own, off while cut, so that the cut leaves every other route
// working.
#include <string>
#include <unordered_map>
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
  std::int16_t zone = -1;     // in Scenario::zone_names(); -1: in no zone
  std::int32_t instance = -1;  // of its service; -1 for a client
  // What cannot change without a fault profile, kept here: asking SimGrid's
  // objects costs a cache miss or two a message in a topology of thousands.
  double up_latency_s = 0, down_latency_s = 0;  // as set when built
  bool latency_profiled = false;  // the up link's latency follows a profile
  bool state_profiled = false;    // the host may go off

  double up_latency() const { return latency_profiled ? up->get_latency() : up_latency_s; }
  double down_latency() const { return down_latency_s; }  // no fault profiles a down link
  bool is_on() const { return !state_profiled || host->is_on(); }
};

// Host speed at nominal capacity. Service times are stated in seconds of it;
// a slowed host's work is integrated over its speed by the service itself
// (ServiceSimulator::finish_time), not by SimGrid: no activity runs on hosts.
inline constexpr double nominal_speed = 1e9;

struct Platform {
  std::vector<std::vector<Endpoint>> instances;  // [service][instance]
  std::vector<Endpoint> clients;                 // [client]
  // By route_key(from service, to service): the link a partition turns off
  // between them; absent for pairs no partition ever cuts.
  std::unordered_map<std::uint64_t, sg4::Link*> routes;
  std::size_t services = 0;
  // When a fault profile changes something on the platform: the scheduler
  // hands the time over to SimGrid there (scheduler.hpp).
  std::vector<double> change_times;

  static std::uint64_t route_key(int from, int to) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32 | static_cast<std::uint32_t>(to);
  }
  const sg4::Link* route(int from, int to) const {
    if (routes.empty()) return nullptr;  // no partition: the common case, without a lookup
    const auto n = static_cast<int>(services);
    if (from >= n || to >= n) return nullptr;  // clients are never partitioned by route
    const auto it = routes.find(route_key(from, to));
    return it == routes.end() ? nullptr : it->second;
  }
};

// The zone of a service's instance: its zones are taken in turn.
int zone_of_instance(const scenarios::Scenario& scenario, const scenarios::Service& service, int instance);

// Configures SimGrid (before any platform exists) and builds the platform.
Platform build_platform(sg4::Engine& engine, const scenarios::Scenario& scenario, const FaultEffects& effects);

}  // namespace chaossim::sim
