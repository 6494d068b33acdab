#pragma once
// A service slowing down: its hosts' speed goes linearly from `speed.from` to
// `speed.to` over the fault, then back to full speed at once (`recover`:
// instant) or linearly over another `for` (ramp), when the fault ends.
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

enum class Recover { instant, ramp };
inline constexpr std::array<std::string_view, 2> recover_names{"instant", "ramp"};

struct DegradationFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;
  double speed_from = 1, speed_to = 1;  // fractions of the nominal speed
  Recover recover = Recover::instant;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    in.object("speed", Need::required, [this](FaultFields& speed) {
      // A host at speed 0 would never finish its work.
      speed_from = speed.number("from", Need::optional, {0, 1, true}).value_or(1.0);
      speed_to = speed.number("to", Need::required, {0, 1, true}).value_or(1.0);
    });
    recover = in.choice<Recover>("recover", Need::optional, recover_names).value_or(recover);
  }
  // A ramp back to full speed is part of the fault (README, "Faults").
  double end_s(double at_s, double for_s) const { return at_s + (recover == Recover::ramp ? 2 * for_s : for_s); }
};

}  // namespace chaossim::scenarios
