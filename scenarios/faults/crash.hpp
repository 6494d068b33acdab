#pragma once
// Instances going down: instances 0 to `instances` - 1 of the target (all of
// them by default), while the fault lasts. `blackhole` (the host is gone): the
// requests it held and those sent to it are lost, their callers hear nothing
// until the instance is back (their connections are then reset) or their
// transport gives up (network.transport_timeout). `refuse` (the process is
// down on a live host): every call is refused at once (connection refused),
// those it held are reset. Either way it restarts empty.
#include "scenarios/fault_module.hpp"

namespace chaossim::scenarios {

enum class CrashMode { blackhole, refuse };
inline constexpr std::array<std::string_view, 2> crash_mode_names{"blackhole", "refuse"};

struct CrashFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  std::optional<int> instances;  // all when absent
  CrashMode mode = CrashMode::blackhole;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    if (auto n = in.integer("instances", Need::optional, Bounds::at_least(1))) instances = static_cast<int>(*n);
    mode = in.choice<CrashMode>("mode", Need::optional, crash_mode_names).value_or(mode);
  }
};

}  // namespace chaossim::scenarios
