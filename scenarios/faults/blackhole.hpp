#pragma once
// A one-way black hole at a port: messages to one endpoint of the target (or
// all of it), its requests, its answers or both (`drop`), vanish while the
// fault lasts, as a firewall rule dropping one direction of one port does.
// Nobody is told: callers find out by their timeouts. Health probes, which
// reach the host and not an endpoint, still get through.
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

enum class BlackholeDrop { requests, answers, both };
inline constexpr std::array<std::string_view, 3> blackhole_drop_names{"requests", "answers", "both"};

struct BlackholeFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;
  std::optional<std::string> endpoint;  // all of them when absent
  BlackholeDrop drop = BlackholeDrop::requests;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    endpoint = in.text("endpoint", Need::optional);
    drop = in.choice<BlackholeDrop>("drop", Need::optional, blackhole_drop_names).value_or(drop);
  }
};

}  // namespace chaossim::scenarios
