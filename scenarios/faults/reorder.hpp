#pragma once
// Reordered messages: each message the target's instances send is held back
// by `delay` with probability `rate` (on top of its latency), so that those
// sent after it overtake it, as `tc netem` reorders an interface's packets.
#include "scenarios/fault_module.hpp"

namespace chaossim::scenarios {

struct ReorderFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  double rate = 0, delay_s = 0;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    rate = in.number("rate", Need::required, Bounds::between(0, 1)).value_or(0);
    delay_s = in.duration("delay", Need::required).value_or(0);
  }
};

}  // namespace chaossim::scenarios
