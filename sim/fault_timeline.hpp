#pragma once
// What a run's faults actually do, occurrence by occurrence: a fault without a
// schedule happens once; a scheduled one (fault_schedule.hpp) at each of its
// onsets, drawn for random ones. Every random choice (the onsets, each
// occurrence's length, the instances a crash or a pause takes, a partition's
// split) is drawn here, from the run's seed and a stream per fault, so that
// the same scenario and seed play the same faults, adding a fault shifts no
// other's draws, and the outputs can say what was drawn (results.json).
// A pure function of the scenario and the seed: the simulation plays the
// occurrences (fault_effects.hpp) and the reports recompute them to explain it.
#include <cstdint>
#include <vector>

#include "scenarios/scenario.hpp"

namespace chaossim::sim {

struct FaultOccurrence {
  int fault = 0;  // in the scenario's faults
  int nth = 0;    // among its fault's occurrences, in time order
  // The fault as this occurrence plays it: its start and length, and its
  // choices made (InstancePick::chosen, a partition's drawn split); no schedule.
  scenarios::Fault played;
};

struct FaultTimeline {
  std::vector<FaultOccurrence> occurrences;  // by fault, then in time order
  // Per fault: onsets its blast radius held back, every instance it may take
  // being down already.
  std::vector<int> held_back;
};

FaultTimeline fault_timeline(const scenarios::Scenario& scenario, std::uint64_t seed);

// The instances of a service a fault may take: all of them, or of an
// autoscaled one every place it may run one (its max_instances).
int fault_instances(const scenarios::Service& service);

}  // namespace chaossim::sim
