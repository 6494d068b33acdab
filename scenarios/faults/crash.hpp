#pragma once
// Instances going down while the fault lasts: all of the target's, or those
// its `instances`/`fraction`/`pick` say (instance_pick.hpp). `blackhole` (the
// host is gone): the requests it held and those sent to it are lost, their
// callers hear nothing until the instance is back (their connections are
// then reset) or their transport gives up (network.transport_timeout).
// `refuse` (the process is down on a live host): every call is refused at
// once (connection refused), those it held are reset. Either way it restarts
// empty; with `restart: {"stagger": "5s"}` one by one, the next 5 s after the
// last, as a rolling restart brings a fleet back.
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

enum class CrashMode { blackhole, refuse };
inline constexpr std::array<std::string_view, 2> crash_mode_names{"blackhole", "refuse"};

struct CrashFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;
  CrashMode mode = CrashMode::blackhole;
  double stagger_s = 0;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    mode = in.choice<CrashMode>("mode", Need::optional, crash_mode_names).value_or(mode);
    in.object("restart", Need::optional, [this](FaultFields& restart) {
      stagger_s = restart.duration("stagger", Need::required).value_or(0);
    });
  }
  // The last of `down` instances is back (down - 1) staggers after the first.
  double end_s(double at_s, double for_s, int down) const { return at_s + for_s + stagger_s * std::max(0, down - 1); }
  double end_s(double at_s, double for_s) const { return end_s(at_s, for_s, static_cast<int>(instances.chosen.size())); }
};

}  // namespace chaossim::scenarios
