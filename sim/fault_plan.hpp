#pragma once
// The faults' effects on hosts and routes (fault_effects.hpp), turned into
// what SimGrid plays: for each resource a piecewise-constant value over
// virtual time (a profile), with overlapping faults combined (speeds
// multiply, latencies add, a resource is down while any fault holds it down).
// Pure functions of the effects.
#include <string>
#include <vector>

#include "sim/fault_effects.hpp"

namespace chaossim::sim {

struct Step {
  double at = 0;
  double value = 0;
  bool operator==(const Step&) const = default;
};
// Sorted by time; the value before the first step is the resource's nominal one.
using Timeline = std::vector<Step>;

// Instance `instance` of service `service`, as a fraction of its nominal speed.
Timeline host_speed(const FaultEffects& effects, int service, int instance);
Timeline host_speed(const ServiceEffects& service, int instance);
// 1 while the instance's host is up, 0 while a blackhole crash holds it down.
Timeline host_state(const FaultEffects& effects, int service, int instance);
// The latency of every message an instance of a service sends (its egress,
// as `tc netem` delays it): `base_s` and what faults add to it (network.hpp
// adds the part that varies per message).
Timeline egress_latency(const FaultEffects& effects, int service, int instance, double base_s);
// What an instance of a service's links carry, in bytes per second:
// `nominal_bps`, or the least a bandwidth fault holds them to.
Timeline link_bandwidth(const FaultEffects& effects, int service, int instance, double nominal_bps);
// 1 while messages from service `from` reach service `to`, 0 while a partition cuts them.
Timeline route_state(const FaultEffects& effects, int from, int to);
// Does any partition ever cut messages from `from` to `to`?

// The text of a SimGrid profile (ProfileBuilder::from_string): "date value" lines.
std::string profile_text(const Timeline& timeline);

}  // namespace chaossim::sim
