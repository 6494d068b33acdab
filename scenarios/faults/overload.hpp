#pragma once
// A surge of traffic: one client's arrival rate (a closed loop's user pace)
// is multiplied by `multiplier` while the fault lasts.
#include "scenarios/fault_module.hpp"

namespace chaossim::scenarios {

struct OverloadFault {
  static constexpr FaultSubject subject = FaultSubject::client;
  std::string client;
  double multiplier = 1;

  void read(FaultFields& in) {
    client = in.text("client", Need::required).value_or("");
    multiplier = in.number("multiplier", Need::required, Bounds::above(0)).value_or(1);
  }
};

}  // namespace chaossim::scenarios
