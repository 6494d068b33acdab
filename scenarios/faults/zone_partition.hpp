#pragma once
// A partition between zones: messages between an endpoint (an instance or a
// client) in a zone of one group and one in a zone of the other are lost,
// both ways or one way (`direction`, as a partition's), while it lasts.
// Endpoints in no zone are not cut.
#include "scenarios/fault_module.hpp"
#include "scenarios/faults/partition.hpp"

namespace chaossim::scenarios {

struct ZonePartitionFault {
  static constexpr FaultSubject subject = FaultSubject::zone_groups;
  std::vector<std::vector<std::string>> groups;  // two groups of zones
  PartitionDirection direction = PartitionDirection::both;

  void read(FaultFields& in) {
    groups = in.zone_groups("zones", 2);
    direction = in.choice<PartitionDirection>("direction", Need::optional, partition_direction_names).value_or(direction);
  }
};

}  // namespace chaossim::scenarios
