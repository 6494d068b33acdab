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
#include "sim/recorder.hpp"
#include "sim/service_time.hpp"

namespace chaossim::sim {

class ServiceSimulator final : public Caller {
 public:
  ServiceSimulator(const scenarios::Service& config, std::vector<Endpoint> instances, std::size_t first_call_edge,
                   const BucketGrid& grid, std::uint64_t seed, CallPath& calls);

  const Endpoint& endpoint(std::uint32_t instance) const { return instances_[instance].endpoint; }
  // A request reaches instance `request->instance`.
  void arrive(Request* request);
  // A call made while serving `call->parent` ended.
  void on_call_done(LogicalCall* call) override;

  Series finish(double end) { return recorder_.finish(end); }

 private:
  struct Instance {
    Endpoint endpoint;
    int busy = 0;
    std::deque<Request*> queue;
  };

  void start(Instance& instance, Request* request, double now);
  void proceed(Request* request);  // after the local work, and after each dependency answers
  void complete(Request* request, patterns::Outcome outcome);

  const scenarios::Service& config_;
  std::vector<Instance> instances_;
  std::size_t first_call_edge_;
  ServiceTime service_time_;
  Rng rng_;
  CallPath& calls_;
  Recorder recorder_;
};

}  // namespace chaossim::sim
