#pragma once
// A zone going down (a data centre's power, an availability zone's outage):
// every instance of every service in `zone` crashes at once, as a crash does
// to one service's (crash.hpp, whose `mode` it takes), and comes back empty
// after `for`. The blast radius of a zone is what this measures.
#include "scenarios/fault_module.hpp"
#include "scenarios/faults/crash.hpp"

namespace chaossim::scenarios {

struct ZoneOutageFault {
  static constexpr FaultSubject subject = FaultSubject::zone_groups;
  std::vector<std::vector<std::string>> groups;  // one group of one zone
  CrashMode mode = CrashMode::blackhole;

  const std::string& zone() const { return groups.at(0).at(0); }
  void read(FaultFields& in) {
    groups = {{in.text("zone", Need::required).value_or("")}};
    mode = in.choice<CrashMode>("mode", Need::optional, crash_mode_names).value_or(mode);
  }
};

}  // namespace chaossim::scenarios
