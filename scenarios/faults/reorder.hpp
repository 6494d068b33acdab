#pragma once
// Reordered messages: each message the target's instances send is held back
// by `delay` with probability `rate` (on top of its latency), so that those
// sent after it overtake it, as `tc netem` reorders an interface's packets.
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

struct ReorderFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;
  double rate = 0, delay_s = 0;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    rate = in.number("rate", Need::required, Bounds::between(0, 1)).value_or(0);
    delay_s = in.duration("delay", Need::required).value_or(0);
  }
};

}  // namespace chaossim::scenarios
