#pragma once
// A crash loop, as a process that dies soon after each start does: for the
// fault's length, its instances crash (as crash.hpp, with its `mode`), stay
// down `down`, restart, serve for `uptime`, and crash again. Which instances:
// instance_pick.hpp.
#include "scenarios/faults/crash.hpp"

namespace chaossim::scenarios {

struct CrashLoopFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;
  CrashMode mode = CrashMode::blackhole;
  double down_s = 0, uptime_s = 0;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    mode = in.choice<CrashMode>("mode", Need::optional, crash_mode_names).value_or(mode);
    down_s = in.duration("down", Need::required).value_or(1);
    uptime_s = in.duration("uptime", Need::required).value_or(1);
    if (down_s <= 0) in.problem("down", "found 0s, expected a length above 0 (each crash keeps the instances down a while)");
    if (uptime_s <= 0) in.problem("uptime", "found 0s, expected a length above 0 (the instances serve a while between crashes)");
  }
};

}  // namespace chaossim::scenarios
