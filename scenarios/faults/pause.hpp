#pragma once
// Instances stopping without dying, as a stop-the-world GC pause, a SIGSTOP or
// a VM freeze stops them: for the fault's length the process does nothing.
// Work in progress stands still and resumes where it was; what reaches the
// instance meanwhile waits (it is not lost) and is taken up at the end, with
// the backlog; the instance answers nobody, not even a health check, until
// then. Callers' timeouts still run. Which instances: instance_pick.hpp.
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

struct PauseFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  InstancePick instances;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
  }
};

}  // namespace chaossim::scenarios
