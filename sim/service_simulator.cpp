#include "sim/service_simulator.hpp"

#include <simgrid/kernel/Timer.hpp>

namespace chaossim::sim {

using patterns::Outcome;
using simgrid::kernel::timer::Timer;

ServiceSimulator::ServiceSimulator(const scenarios::Service& config, std::vector<Endpoint> instances,
                                   std::size_t first_call_edge, const BucketGrid& grid, std::uint64_t seed,
                                   CallPath& calls)
    : config_(config),
      first_call_edge_(first_call_edge),
      service_time_(config.service_time),
      rng_(seed),
      calls_(calls),
      recorder_(grid) {
  for (auto& e : instances) instances_.push_back(Instance{e, 0, {}});
}

void ServiceSimulator::arrive(Request* r) {
  const double now = sg4::Engine::get_clock();
  Instance& inst = instances_[r->instance];
  r->arrived_at = now;
  recorder_.count(Counter::requests, now);
  if (inst.busy < config_.workers) {
    start(inst, r, now);
  } else if (!config_.queue || static_cast<int>(inst.queue.size()) < *config_.queue) {
    inst.queue.push_back(r);
    recorder_.change(Level::queued, now, +1);
  } else {
    recorder_.count(Counter::rejected, now);
    r->outcome = Outcome::unavailable;
    calls_.answer(r, inst.endpoint);
  }
}

void ServiceSimulator::start(Instance& inst, Request* r, double now) {
  ++inst.busy;
  recorder_.change(Level::busy, now, +1);
  // A slowed host (lower speed) stretches the work.
  const double work = service_time_.sample(rng_) * (nominal_speed / inst.endpoint.host->get_speed());
  Timer::set(now + work, [this, r] { proceed(r); });
}

void ServiceSimulator::proceed(Request* r) {
  if (r->next_call < config_.calls.size()) {
    const auto edge = static_cast<std::uint32_t>(first_call_edge_ + r->next_call);
    // The request's key travels with the calls made while serving it.
    calls_.start(calls_.open(edge, this, r, &instances_[r->instance].endpoint, r->key));
    return;
  }
  complete(r, rng_.bernoulli(config_.errors) ? Outcome::error : Outcome::success);
}

void ServiceSimulator::on_call_done(LogicalCall* call) {
  Request* r = call->parent;
  const bool optional = config_.calls[r->next_call].optional;
  ++r->next_call;
  // A failed required dependency fails the request at once; an optional one is ignored.
  if (!call->result.ok() && !optional) {
    complete(r, Outcome::error);
    return;
  }
  proceed(r);
}

void ServiceSimulator::complete(Request* r, Outcome outcome) {
  const double now = sg4::Engine::get_clock();
  Instance& inst = instances_[r->instance];
  r->outcome = outcome;
  recorder_.count(outcome == Outcome::success ? Counter::successes : Counter::failures, now);
  recorder_.latency(now, now - r->arrived_at);
  --inst.busy;
  recorder_.change(Level::busy, now, -1);
  if (!inst.queue.empty()) {
    Request* next = inst.queue.front();
    inst.queue.pop_front();
    recorder_.change(Level::queued, now, -1);
    start(inst, next, now);
  }
  calls_.answer(r, inst.endpoint);
}

}  // namespace chaossim::sim
