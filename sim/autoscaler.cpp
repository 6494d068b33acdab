#include "sim/autoscaler.hpp"

#include <set>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/scheduler.hpp"

namespace chaossim::sim {

using scenarios::ScalingMetric;

int wanted_instances(const scenarios::Autoscaling& policy, int workers, int current, double mean_load, double mean_capacity) {
  if (mean_capacity <= 0) return current;  // nothing served: nothing measured
  const double per_instance = policy.metric == ScalingMetric::utilization ? policy.target * workers : policy.target;
  const double metric = mean_load / mean_capacity / (policy.metric == ScalingMetric::utilization ? workers : 1);
  if (std::abs(metric / policy.target - 1) <= policy.tolerance) return current;
  // The load it measured, over what an instance at target carries: with the
  // count steady this is the HPA's ceil(current x metric / target); across a
  // change of count it does not take the new instances for overloaded ones.
  int wanted = static_cast<int>(std::ceil(mean_load / per_instance - 1e-9));
  wanted = std::clamp(wanted, current - policy.scale_down_step, current + policy.scale_up_step);
  return std::clamp(wanted, policy.min_instances, policy.max_instances);
}

std::size_t instance_slots(const scenarios::Service& service, const ServiceEffects& effects) {
  if (!service.autoscaling) return static_cast<std::size_t>(service.instances);
  const int most = service.autoscaling->max_instances;
  // Every host a crash holds down may need a spare; a zone's outage holds its
  // share of the hosts: with twice the maximum, those of the other zones are
  // enough (two zones or more).
  std::set<int> crashed;
  int held_down = 0;
  for (const auto& o : effects.outages) {
    if (o.zone >= 0) held_down = most;
    else crashed.insert(o.instance);
  }
  held_down = std::max(held_down, std::min(static_cast<int>(crashed.size()), most));
  return static_cast<std::size_t>(most + held_down);
}

Autoscaler::Autoscaler(const scenarios::Autoscaling& config, int workers, int initial, std::size_t slots,
                       const ScaledInstances& instances, Recorder& recorder, int& services_under_capacity)
    : config_(config),
      workers_(workers),
      instances_(instances),
      recorder_(recorder),
      services_under_capacity_(services_under_capacity),
      slots_(slots),
      listed_(slots, 0),
      listed_since_(slots, -std::numeric_limits<double>::infinity()),
      desired_(initial) {
  for (int i = 0; i < initial; ++i) {
    slots_[static_cast<std::size_t>(i)].state = State::serving;
    listed_[static_cast<std::size_t>(i)] = 1;
  }
  serving_ = initial;
  capacity_.value = initial;
  level_in_service_ = recorder_.add_level("instances", initial);
  level_starting_ = recorder_.add_level("instances_starting", 0);
  level_draining_ = recorder_.add_level("instances_draining", 0);
  level_desired_ = recorder_.add_level("instances_desired", initial);
  level_pending_ = recorder_.add_level("scale_outs_pending", 0);
  level_under_ = recorder_.add_level("under_capacity", 0);
}

void Autoscaler::start() {
  scheduler().at(config_.evaluation_period_s, [this] { evaluate(); });
}

void Autoscaler::count_in(std::uint32_t i, double now, int sign) {
  change(busy_, now, sign * instances_.busy(i));
  change(waiting_, now, sign * instances_.waiting(i));
  change(capacity_, now, sign);
}

void Autoscaler::set_state(std::uint32_t i, State to, double now) {
  Slot& s = slots_[i];
  if (s.state == to) return;
  const bool was_counted = counted(i);
  const auto tally = [this](State st) -> int* {
    switch (st) {
      case State::serving: return &serving_;
      case State::starting: return &starting_;
      case State::draining: return &draining_;
      case State::idle: break;
    }
    return nullptr;
  };
  if (int* n = tally(s.state)) --*n;
  s.state = to;
  if (int* n = tally(to)) ++*n;
  listed_[i] = to == State::serving;
  if (to == State::serving) listed_since_[i] = now;
  if (was_counted != counted(i)) count_in(i, now, was_counted ? -1 : +1);
}

void Autoscaler::settled(std::uint32_t i, double now) {
  if (slots_[i].state == State::draining && instances_.busy(i) == 0 && instances_.waiting(i) == 0) {
    set_state(i, State::idle, now);
    publish(now);
  }
}

void Autoscaler::went_down(std::uint32_t i, double now) {
  if (slots_[i].down) return;
  const bool was_counted = counted(i);
  if (was_counted) count_in(i, now, -1);
  slots_[i].down = true;
  // What it held is lost with it: nothing is left to serve before it stops.
  if (slots_[i].state == State::draining) set_state(i, State::idle, now);
  publish(now);
}

void Autoscaler::came_back(std::uint32_t i, double now) {
  if (!slots_[i].down) return;
  slots_[i].down = false;
  if (counted(i)) count_in(i, now, +1);  // it restarted before anyone noticed
  // Its startup ended while it was down, and it was not found out meanwhile: it is ready now.
  if (slots_[i].state == State::starting && now >= slots_[i].ready_at) return enter_service(i, now);
  publish(now);
}

int Autoscaler::retire_down(double now) {
  int retired = 0;
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    const State s = slots_[i].state;
    if (slots_[i].down && (s == State::serving || s == State::starting)) {
      set_state(i, State::idle, now);
      ++retired;
    }
  }
  return retired;
}

void Autoscaler::launch(double now) {
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (s.state != State::idle || s.down || instances_.down(i, now)) continue;
    set_state(i, State::starting, now);
    s.ready_at = now + config_.startup_delay_s;
    const std::uint32_t launch = ++s.launch;
    scheduler().at(s.ready_at, [this, i, launch] { ready(i, launch); });
    return;
  }
}

void Autoscaler::ready(std::uint32_t i, std::uint32_t launch) {
  Slot& s = slots_[i];
  // Retired before it was ready; or its host is down, and the next evaluation retires it.
  if (s.launch != launch || s.state != State::starting || s.down) return;
  enter_service(i, sim::now());
}

void Autoscaler::enter_service(std::uint32_t i, double now) {
  slots_[i].warm_at = now + config_.cold_start_s;
  set_state(i, State::serving, now);
  publish(now);
}

void Autoscaler::retire_one(double now) {
  // The newest launch first: a starting instance costs nothing to drop.
  for (std::uint32_t i = static_cast<std::uint32_t>(slots_.size()); i-- > 0;)
    if (slots_[i].state == State::starting) return set_state(i, State::idle, now);
  for (std::uint32_t i = static_cast<std::uint32_t>(slots_.size()); i-- > 0;)
    if (slots_[i].state == State::serving) {
      set_state(i, State::draining, now);
      return settled(i, now);
    }
}

int Autoscaler::reconcile(double now) {
  int launched = 0;
  while (serving_ + starting_ < desired_) {
    const int before = starting_;
    launch(now);
    if (starting_ == before) break;  // no host free: the next evaluation tries again
    ++launched;
  }
  while (serving_ + starting_ > desired_) retire_one(now);
  return launched;
}

void Autoscaler::evaluate() {
  const double now = sim::now();
  const double period = now - last_evaluation_;
  last_evaluation_ = now;
  for (Integral* x : {&busy_, &waiting_, &capacity_}) integrate(*x, now);
  const double load = (config_.metric == ScalingMetric::utilization ? busy_.area : waiting_.area) / period;
  const double capacity = capacity_.area / period;
  busy_.area = waiting_.area = capacity_.area = 0;

  const int retired = retire_down(now);
  if (now >= quiet_until_) {
    const int wanted = wanted_instances(config_, workers_, desired_, load, capacity);
    if (wanted != desired_) {
      recorder_.count(wanted > desired_ ? Counter::scale_outs : Counter::scale_ins, now);
      if (wanted > desired_) pending_outs_.push_back(wanted);
      desired_ = wanted;
      quiet_until_ = now + config_.cooldown_s;
      for (int& asked : pending_outs_) asked = std::min(asked, desired_);
    }
  }
  const int launched = reconcile(now);
  if (const int replaced = std::min(retired, launched); replaced > 0)
    recorder_.count(Counter::replacements, now, static_cast<std::uint64_t>(replaced));
  publish(now);
  scheduler().at(now + config_.evaluation_period_s, [this] { evaluate(); });
}

void Autoscaler::publish(double now) {
  const int up = static_cast<int>(std::lround(capacity_.value));
  pending_outs_.erase(std::remove_if(pending_outs_.begin(), pending_outs_.end(), [up](int asked) { return up >= asked; }),
                      pending_outs_.end());
  recorder_.set(level_in_service_, now, serving_);
  recorder_.set(level_starting_, now, starting_);
  recorder_.set(level_draining_, now, draining_);
  recorder_.set(level_desired_, now, desired_);
  recorder_.set(level_pending_, now, static_cast<double>(pending_outs_.size()));
  const bool under = up < desired_;
  if (under != under_capacity_) {
    under_capacity_ = under;
    services_under_capacity_ += under ? 1 : -1;
    recorder_.set(level_under_, now, under ? 1 : 0);
  }
}

}  // namespace chaossim::sim
