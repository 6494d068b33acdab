#pragma once
// ServiceSimulator: one simulated service, its instances (SimGrid hosts), each
// with `workers` concurrent slots and a bounded FIFO queue. Serving a request
// takes a service time, then calls the service's dependencies in order while
// the worker stays held, so a slow dependency slows and fills its callers:
// cascades emerge from the model, none is scripted.
#include <deque>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/call_path.hpp"
#include "sim/fault_effects.hpp"
#include "sim/recorder.hpp"
#include "sim/service_time.hpp"

namespace chaossim::sim {

class ServiceSimulator final : public Caller {
 public:
  ServiceSimulator(const scenarios::Scenario& scenario, int index, const ServiceEffects& effects, std::vector<Endpoint> instances,
                   std::size_t first_call_edge, const BucketGrid& grid, std::uint64_t seed, CallPath& calls);

  const Endpoint& endpoint(std::uint32_t instance) const { return instances_[instance].endpoint; }
  int instances() const { return static_cast<int>(instances_.size()); }
  // The probability that a request served now fails: the service's own error
  // rate and the error faults playing now, as independent causes.
  double error_rate(double now) const;
  // A request reaches the instance its attempt was sent to.
  void arrive(Request* request);
  // A call made while serving `call->parent` ended.
  void on_call_done(LogicalCall* call) override;
  // Its host went off (a crash): the requests it held are lost, and it comes
  // back empty. Requests reaching it while it is down are lost too.
  void crash(std::uint32_t instance);

  Series finish(double end) { return recorder_.finish(end); }

 private:
  struct Instance {
    Endpoint endpoint;
    int busy = 0;
    std::deque<Request*> queue;
    std::uint32_t epoch = 0;  // lives so far: a request from an earlier life was lost in a crash
  };

  void start(Instance& instance, Request* request, double now);
  void proceed(Request* request);  // after the local work, and after each dependency answers
  void complete(Request* request, patterns::Outcome outcome);
  // A request of an instance's earlier life: lost, nobody answers it.
  bool lost_in_crash(Request* request);

  const scenarios::Service& config_;
  std::vector<Instance> instances_;
  std::size_t first_call_edge_;
  ServiceTime service_time_;
  Rng rng_;
  CallPath& calls_;
  Recorder recorder_;
  bool fixed_service_time_;
  std::vector<Window> error_faults_;  // probabilities
};

}  // namespace chaossim::sim
