#pragma once
// The fault timeline of a scenario, turned into what SimGrid plays: for each
// resource a piecewise-constant value over virtual time (a profile), with
// overlapping faults combined (speeds multiply, latencies add, a resource is
// down while any fault holds it down). Pure functions of the scenario.
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace chaossim::sim {

struct Step {
  double at = 0;
  double value = 0;
};
// Sorted by time; the value before the first step is the resource's nominal one.
using Timeline = std::vector<Step>;

// Instance `instance` of service `service`, as a fraction of its nominal speed.
Timeline host_speed(const scenarios::Scenario& scenario, int service, int instance);
// 1 while the instance is up, 0 while a crash holds it down.
Timeline host_state(const scenarios::Scenario& scenario, int service, int instance);
// The latency added to every message a service's instances send (its egress,
// as `tc netem` delays it): the part of its latency faults that does not vary
// per message (network.hpp adds the jitter).
Timeline egress_latency(const scenarios::Scenario& scenario, int service, double base_s);
// 1 while messages from service `from` reach service `to`, 0 while a partition cuts them.
Timeline route_state(const scenarios::Scenario& scenario, int from, int to);
// Does any partition ever cut messages from `from` to `to`?
bool ever_cut(const scenarios::Scenario& scenario, int from, int to);

// The text of a SimGrid profile (ProfileBuilder::from_string): "date value" lines.
std::string profile_text(const Timeline& timeline);

}  // namespace chaossim::sim
