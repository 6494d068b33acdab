#pragma once
// Active health checks of one call edge: every `interval`, a probe goes over
// the network from the caller to each instance of the callee. An instance that
// is up answers at once, without taking a worker (a health endpoint of its
// own), or, with `probe: shared`, when a worker is free for it in its queue's
// order; it fails the probe at its current error rate; a crashed, cut-off or lossy instance
// does not answer, and the probe fails at its `timeout`. The edge's
// HealthChecker turns probe results into verdicts, and the balancer skips the
// instances it finds unhealthy.
//
// The loop runs on the run's scheduler (scheduler.hpp), like the rest of the
// run: an actor per edge would cost a context switch per probe and change
// nothing observable.
// A service edge is probed from the caller's first instance, standing for all
// of them (they share the edge's balancer).
#include <cstdint>
#include <optional>

#include "sim/scheduler.hpp"

#include <memory>

#include "patterns/factory.hpp"
#include "sim/call_path.hpp"
#include "sim/network.hpp"
#include "sim/rng.hpp"

namespace chaossim::sim {

class ServiceSimulator;

class HealthProber {
 public:
  HealthProber(const patterns::HealthCheckConfig& config, std::uint32_t edge_index, EdgeRuntime& edge, const Endpoint& from,
               Network& network, ReactionLog& reactions, std::uint64_t seed, patterns::PatternFactory& factory);

  void start();  // the first round goes out one interval into the run

 private:
  struct Probe {
    std::uint32_t instance = 0;
    bool settled = false;
    int holders = 0;  // the message and the timeout timer, while pending
    Event* timeout = nullptr;
    double given_up_at = 0;  // its timeout
  };

  void round();
  void send(std::uint32_t instance);
  // The probe reaches the instance: its health endpoint or (shared) its workers take it up.
  void reach(Probe* probe);
  // The instance answers the probe (or cannot: its host is off).
  void answer(Probe* probe);
  void settle(Probe* probe, bool ok);
  void drop(Probe* probe);  // one holder is done with it

  patterns::HealthCheckConfig config_;
  std::uint32_t edge_index_;
  EdgeRuntime& edge_;
  const Endpoint& from_;
  Network& network_;
  ReactionLog& reactions_;
  std::unique_ptr<patterns::HealthChecker> checker_;
  Rng rng_;
  Pool<Probe> probes_;
};

}  // namespace chaossim::sim
