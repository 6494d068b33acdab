#include "sim/client_driver.hpp"

#include <algorithm>
#include <limits>

#include "sim/scheduler.hpp"


namespace chaossim::sim {

using patterns::Outcome;
using scenarios::ArrivalProcess;

ClientDriver::ClientDriver(const scenarios::Scenario& scenario, int index, const FaultEffects& effects, std::uint32_t edge,
                           const Endpoint& endpoint, const BucketGrid& grid, std::uint64_t seed, CallPath& calls)
    : Caller(&recorder_),
      config_(scenario.clients[static_cast<std::size_t>(index)]),
      edge_(edge),
      endpoint_(endpoint),
      rng_(seed),
      keys_(config_.keys),
      calls_(calls),
      recorder_(grid),
      overloads_(effects.arrival_multipliers[static_cast<std::size_t>(index)]) {
  end_s_ = scenario.duration_s;
  peak_rate_ = config_.arrival.profile ? config_.arrival.profile->peak() : config_.arrival.rate_per_s;
  for (const auto& point : config_.arrival.ramp) peak_rate_ = std::max(peak_rate_, point.rate_per_s);
  // Overlapping overloads multiply; the product of all is a bound for thinning.
  for (const auto& o : overloads_) peak_rate_ *= std::max(1.0, o.value);
}

double ClientDriver::overload_at(double t) const {
  double m = 1;
  for (const auto& o : overloads_)
    if (o.active_at(t)) m *= o.value;
  return m;
}

// A profile's; or piecewise linear through (0, rate), (at_1, rate_1), ...; flat after the last point.
double ClientDriver::rate_at(double t) const {
  if (config_.arrival.profile) return overload_at(t) * config_.arrival.profile->rate_at(t);
  const auto& ramp = config_.arrival.ramp;
  double t0 = 0, r0 = config_.arrival.rate_per_s;
  for (const auto& p : ramp) {
    if (t < p.at_s) return overload_at(t) * (p.at_s == t0 ? p.rate_per_s : r0 + (p.rate_per_s - r0) * (t - t0) / (p.at_s - t0));
    t0 = p.at_s;
    r0 = p.rate_per_s;
  }
  return overload_at(t) * r0;
}

double ClientDriver::next_open_arrival(double now) {
  const auto& a = config_.arrival;
  if (a.process == ArrivalProcess::constant) return now + 1.0 / std::max(rate_at(now), 1e-9);
  if (a.ramp.empty() && !a.profile && overloads_.empty()) return now + rng_.exponential(1.0 / a.rate_per_s);
  // A non-homogeneous Poisson process by thinning (Lewis and Shedler): draw at
  // the peak rate, keep each candidate with probability rate(t) / peak.
  if (peak_rate_ <= 0) return std::numeric_limits<double>::infinity();
  double t = now;
  do t += rng_.exponential(1.0 / peak_rate_);
  while (t <= end_s_ && rng_.uniform() * peak_rate_ > rate_at(t));
  return t;
}

void ClientDriver::start() {
  const auto& a = config_.arrival;
  if (a.process == ArrivalProcess::closed) {
    for (int u = 0; u < a.users; ++u) user_thinks();
    return;
  }
  for (const auto& burst : a.bursts)
    scheduler().at(burst.at_s, [this, n = burst.requests] {
      for (int k = 0; k < n; ++k) send();
    });
  schedule_open_arrival(0.0);
}

void ClientDriver::schedule_open_arrival(double now) {
  const double next = next_open_arrival(now);
  if (next <= end_s_) scheduler().at(next, [this] { open_arrival(); });
}

void ClientDriver::open_arrival() {
  send();
  schedule_open_arrival(sim::now());
}

void ClientDriver::user_thinks() {
  // An overload makes a closed loop's users come back `multiplier` times sooner.
  const double now = sim::now();
  const double think = config_.arrival.think_s > 0 ? rng_.exponential(config_.arrival.think_s / overload_at(now)) : 0.0;
  scheduler().at(now + think, [this] { send(); });
}

void ClientDriver::send() {
  const double now = sim::now();
  recorder_.count(Counter::sent, now);
  recorder_.change(Level::in_flight, now, +1);
  LogicalCall* c = calls_.open(edge_, this, nullptr, &endpoint_, keys_.next(rng_));
  c->priority = config_.priority;
  if (config_.deadline_s) {
    c->deadline_at = now + *config_.deadline_s;
    c->deadline = scheduler().after(*config_.deadline_s, [this, c] { expire(c); });
  }
  calls_.start(c);
}

void ClientDriver::expire(LogicalCall* c) {
  const double now = sim::now();
  c->deadline = nullptr;
  calls_.cancel(c);  // the call may go on, but makes no new attempt
  recorder_.count(Counter::timeouts, now);
  recorder_.count(Counter::failures, now);
  ended(now, false);
}

void ClientDriver::on_call_done(LogicalCall* c) {
  if (c->cancelled) return;  // already counted as failed at its deadline
  const double now = sim::now();
  if (c->deadline != nullptr) scheduler().cancel(c->deadline);
  recorder_.latency(now, now - c->started, ending_of(c->result.outcome));
  switch (c->result.outcome) {
    case Outcome::success:
      recorder_.count(Counter::successes, now);
      if (c->result.degraded) recorder_.count(Counter::degraded, now);
      break;
    case Outcome::unavailable: recorder_.count(Counter::unavailable, now); break;
    case Outcome::timeout: recorder_.count(Counter::timeouts, now); break;
    case Outcome::rejected:
      recorder_.count(Counter::rejected, now);
      if (c->result.rejected_by) recorder_.rejection(*c->result.rejected_by, now);
      break;
    case Outcome::error: recorder_.count(Counter::errors, now); break;
    case Outcome::overloaded: recorder_.count(Counter::overloaded, now); break;
  }
  if (!c->result.ok()) recorder_.count(Counter::failures, now);
  ended(now, c->result.ok());
}

void ClientDriver::ended(double now, bool ok) {
  recorder_.count(Counter::requests, now);
  if (calls_.services_under_capacity > 0) {
    recorder_.count(Counter::ended_under_capacity, now);
    if (!ok) recorder_.count(Counter::failed_under_capacity, now);
  }
  recorder_.change(Level::in_flight, now, -1);
  if (config_.arrival.process == ArrivalProcess::closed) user_thinks();
}

}  // namespace chaossim::sim
