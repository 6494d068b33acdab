#pragma once
// A link's capacity cut: each of the target's instances' links (out and in)
// carries at most `bandwidth` while the fault lasts, shared among the
// messages crossing it by the network model's bandwidth sharing (CM02 or
// LV08: the constant model moves messages without bandwidth).
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

struct BandwidthFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;
  double bytes_per_s = 0;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    bytes_per_s = in.bandwidth("bandwidth", Need::required).value_or(1);
  }
};

}  // namespace chaossim::scenarios
