#pragma once
// A network partition, as Jepsen's nemesis makes one: messages between two
// groups of services are lost, both ways or one way (its `direction`), while
// it lasts. Played by cutting the routes between them (sim/faults/partition_effects.cpp).
#include "scenarios/fault_module.hpp"

namespace chaossim::scenarios {

// forward cuts messages from the first group to the second, backward from the second to the first.
enum class PartitionDirection { both, forward, backward };
inline constexpr std::array<std::string_view, 3> partition_direction_names{"both", "forward", "backward"};

struct PartitionFault {
  static constexpr FaultSubject subject = FaultSubject::service_groups;
  std::vector<std::vector<std::string>> groups;  // two
  PartitionDirection direction = PartitionDirection::both;

  void read(FaultFields& in) {
    groups = in.service_groups("between", 2);
    direction = in.choice<PartitionDirection>("direction", Need::optional, partition_direction_names).value_or(direction);
  }
};

}  // namespace chaossim::scenarios
