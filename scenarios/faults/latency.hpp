#pragma once
// Slow network at one service: every message its instances send takes `add`
// longer (its egress, as `tc netem delay` does), each message varying by up
// to `jitter` either way, so calls to and from it take longer, round trip.
// With `correlation` (0 to 1), each message's variation leans on the one
// before, as netem's correlation makes it: delays come in runs.
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

struct LatencyFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;
  double add_s = 0, jitter_s = 0, correlation = 0;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    add_s = in.duration("add", Need::required).value_or(0);
    jitter_s = in.duration("jitter", Need::optional).value_or(0);
    correlation = in.number("correlation", Need::optional, Bounds::between(0, 1)).value_or(0);
    if (correlation > 0 && jitter_s == 0) in.problem("correlation", "found a correlation without jitter, expected a jitter to correlate");
  }
};

}  // namespace chaossim::scenarios
