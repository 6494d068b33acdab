#pragma once
// The parameters of the kinds that act on a service with a probability
// (packet_loss, errors, duplicate): each is a struct of its own deriving from
// this, so that the kinds stay apart in a Fault while reading the same keys.
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

struct RateOnService {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  double rate = 0;
  InstancePick instances;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    rate = in.number("rate", Need::required, Bounds::between(0, 1)).value_or(0);
    instances.read(in);
  }
};

}  // namespace chaossim::scenarios
