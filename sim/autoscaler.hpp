#pragma once
// The instances of an autoscaled service (scenarios/autoscaling.hpp): which
// of its hosts take traffic, which start or leave, and the policy deciding
// how many should. Its service owns it and tells it when an instance's busy
// workers or queue change and when a host goes down or comes back; callers'
// balancers read `listed()`, the instances in service, as a load balancer
// reads its service discovery. An instance found down is taken out of
// service only at the next evaluation: until then callers still send to it,
// as they would to a crashed host nobody has noticed yet.
#include <cstdint>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/fault_effects.hpp"
#include "sim/recorder.hpp"

namespace chaossim::sim {

// What the autoscaler reads of its service's instances.
class ScaledInstances {
 public:
  virtual int busy(std::uint32_t instance) const = 0;
  virtual int waiting(std::uint32_t instance) const = 0;
  // Its host is off, or its process down: it could not serve now.
  virtual bool down(std::uint32_t instance, double now) const = 0;

 protected:
  ~ScaledInstances() = default;
};

// How many instances of how many the policy wants for what it measured over
// a period: ceil(work measured / work an instance at target carries), or the
// count it has when the measure is within `tolerance` of the target; within
// the steps and [min, max]. `mean_load` is busy workers (utilization) or
// requests waiting (queue length) on average over the period, `mean_capacity`
// the instances in service on average.
int wanted_instances(const scenarios::Autoscaling& policy, int workers, int current, double mean_load, double mean_capacity);

// The hosts a service runs on: its instances; or, autoscaled, as many as it
// may run at once plus those its crashes may hold down meanwhile (crashes
// take its first hosts, and one found down is replaced on another).
std::size_t instance_slots(const scenarios::Service& service, const ServiceEffects& effects);

class Autoscaler {
 public:
  // `slots` hosts, the first `initial` of them in service from the start.
  Autoscaler(const scenarios::Autoscaling& config, int workers, int initial, std::size_t slots, const ScaledInstances& instances,
             Recorder& recorder, int& services_under_capacity);
  Autoscaler(const Autoscaler&) = delete;
  Autoscaler& operator=(const Autoscaler&) = delete;

  void start();
  // Callers send only to these (1) among its hosts.
  const std::vector<char>& listed() const { return listed_; }
  // When each last entered service (-infinity: from the start), for slow start.
  const std::vector<double>& listed_since() const { return listed_since_; }
  // It takes requests: in service, or serving what it holds before it stops.
  bool accepts(std::uint32_t instance) const {
    const State s = slots_[instance].state;
    return s == State::serving || s == State::draining;
  }
  // How much longer than nominal its work takes now (a cold start).
  double slowdown(std::uint32_t instance, double now) const {
    return now < slots_[instance].warm_at ? config_.cold_slowdown : 1.0;
  }
  // Before the instance's counts change: they are integrated up to now.
  void busy_changes(std::uint32_t instance, double now, int delta) {
    if (counted(instance)) change(busy_, now, delta);
  }
  void waiting_changes(std::uint32_t instance, double now, int delta) {
    if (counted(instance)) change(waiting_, now, delta);
  }
  // A request left it: a leaving instance that holds nothing more stops.
  void settled(std::uint32_t instance, double now);
  // Its host went off or its process down (call before its requests are let go), or it is back.
  void went_down(std::uint32_t instance, double now);
  void came_back(std::uint32_t instance, double now);

 private:
  enum class State : std::uint8_t { idle, starting, serving, draining };
  struct Slot {
    State state = State::idle;
    bool down = false;
    std::uint32_t launch = 0;  // launches so far: a startup of an earlier one is stale
    double ready_at = 0;       // starting: when it takes traffic
    double warm_at = 0;
  };
  // A level integrated between evaluations.
  struct Integral {
    double value = 0, area = 0, since = 0;
  };

  bool counted(std::uint32_t i) const { return slots_[i].state == State::serving && !slots_[i].down; }
  static void integrate(Integral& x, double now) {
    x.area += x.value * (now - x.since);
    x.since = now;
  }
  void change(Integral& x, double now, double delta) {
    integrate(x, now);
    x.value += delta;
  }
  // Moves instance i in or out of the counted set, with its current load.
  void count_in(std::uint32_t i, double now, int sign);
  void set_state(std::uint32_t i, State to, double now);

  void evaluate();
  // Takes the instances found down out of service; how many.
  int retire_down(double now);
  // Launches or retires instances until those in service or starting are `desired_`; how many it launched.
  int reconcile(double now);
  void launch(double now);
  void ready(std::uint32_t instance, std::uint32_t launch);
  void enter_service(std::uint32_t instance, double now);
  void retire_one(double now);
  // The levels it shows, and whether it is under capacity, after any change.
  void publish(double now);

  const scenarios::Autoscaling& config_;
  const int workers_;
  const ScaledInstances& instances_;
  Recorder& recorder_;
  int& services_under_capacity_;
  std::vector<Slot> slots_;
  std::vector<char> listed_;
  std::vector<double> listed_since_;
  int desired_;
  int serving_ = 0, starting_ = 0, draining_ = 0;
  Integral busy_, waiting_, capacity_;
  double last_evaluation_ = 0;
  double quiet_until_ = 0;  // cooldown
  bool under_capacity_ = false;
  // Scale-out decisions not yet met: the count each asked for (lowered with
  // any later decision below it); their number's area is their waiting time.
  std::vector<int> pending_outs_;
  std::size_t level_in_service_, level_starting_, level_draining_, level_desired_, level_pending_, level_under_;
};

}  // namespace chaossim::sim
