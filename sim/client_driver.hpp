#pragma once
// A client: generates load on its target (Poisson or constant open-loop
// arrivals, with optional rate ramps, or a closed loop of users who think
// between requests) and judges each request against its deadline.
#include "scenarios/scenario.hpp"
#include "sim/fault_effects.hpp"
#include "sim/call_path.hpp"
#include "sim/key_sampler.hpp"
#include "sim/recorder.hpp"

namespace chaossim::sim {

class ClientDriver final : public Caller {
 public:
  ClientDriver(const scenarios::Scenario& scenario, int index, const FaultEffects& effects, std::uint32_t edge,
               const Endpoint& endpoint, const BucketGrid& grid, std::uint64_t seed, CallPath& calls);

  void start();  // schedules the first arrivals; call before the engine runs
  void on_call_done(LogicalCall* call) override;

  Recorder& recorder() { return recorder_; }

 private:
  double rate_at(double t) const;         // the arrival rate, overloads included
  double overload_at(double t) const;     // the product of the overload faults playing at t
  double next_open_arrival(double now);
  void schedule_open_arrival(double now);
  void open_arrival();
  void user_thinks();
  void send();
  void expire(LogicalCall* call);
  void ended(double now, bool ok);  // a request ended, answered or not

  const scenarios::Client& config_;
  std::uint32_t edge_;
  const Endpoint& endpoint_;
  Rng rng_;
  KeySampler keys_;
  CallPath& calls_;
  Recorder recorder_;
  double peak_rate_ = 0;  // at least the highest rate of the ramp times any overload, for thinning
  double end_s_ = 0;      // the run's end: thinning looks no further (a rate may fall to 0 and stay there)
  std::vector<Window> overloads_;  // arrival multipliers
};

}  // namespace chaossim::sim
