#pragma once
// Hosts going down: instances 0 to `instances` - 1 of the target (all of them
// by default) are off while the fault lasts; their requests are lost and they
// restart empty.
#include "scenarios/fault_module.hpp"

namespace chaossim::scenarios {

struct CrashFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  std::optional<int> instances;  // all when absent

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    if (auto n = in.integer("instances", Need::optional, Bounds::at_least(1))) instances = static_cast<int>(*n);
  }
};

}  // namespace chaossim::scenarios
