#pragma once
// A rolling restart, as a deploy replaces a fleet: `batch` instances at a
// time (Kubernetes' maxUnavailable), in the order the instance pick gives.
// Each instance of a batch is told to stop at its batch's start: its
// callers' balancers learn it is gone only `discovery_delay` later (endpoint
// removal propagating to kube-proxy, a mesh or DNS), while the old process
// keeps serving for `drain` (a preStop hook, a graceful shutdown) and then
// exits; its connections are reset and calls still sent to it are refused
// until its replacement is up. `for` is each batch's time from that exit
// until the new processes serve (the service's restart.startup is part of
// it); their callers add them back `discovery_delay` after that, and the
// next batch starts once they serve, as a rollout waits for readiness.
#include "scenarios/faults/instance_pick.hpp"

namespace chaossim::scenarios {

struct RollingRestartFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  static constexpr double default_discovery_delay_s = 5;
  std::string target;
  InstancePick instances;
  int batch = 1;
  double drain_s = 0;
  double discovery_delay_s = default_discovery_delay_s;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    instances.read(in);
    batch = static_cast<int>(in.integer("batch", Need::optional, Bounds::between(1, 1e6)).value_or(batch));
    drain_s = in.duration("drain", Need::optional).value_or(drain_s);
    discovery_delay_s = in.duration("discovery_delay", Need::optional).value_or(discovery_delay_s);
  }
  int batches(int taken) const { return (taken + batch - 1) / batch; }
  // Batch b (from 0) starts at at_s + b x cycle; each takes drain + for.
  double cycle_s(double for_s) const { return drain_s + for_s; }
  // Over when the last batch's replacements (of `taken` instances) are back in their callers' rotation.
  double end_s(double at_s, double for_s, int taken) const { return at_s + cycle_s(for_s) * batches(taken) + discovery_delay_s; }
  double end_s(double at_s, double for_s) const { return end_s(at_s, for_s, static_cast<int>(instances.chosen.size())); }
};

}  // namespace chaossim::scenarios
