#include "sim/service_simulator.hpp"

#include "sim/scheduler.hpp"


namespace chaossim::sim {

using patterns::Outcome;

ServiceSimulator::ServiceSimulator(const scenarios::Scenario& scenario, int index, const ServiceEffects& effects,
                                   std::vector<Endpoint> instances,
                                   std::size_t first_call_edge, const BucketGrid& grid, std::uint64_t seed,
                                   CallPath& calls)
    : config_(scenario.services[static_cast<std::size_t>(index)]),
      first_call_edge_(first_call_edge),
      service_time_(config_.service_time),
      rng_(seed),
      calls_(calls),
      recorder_(grid),
      fixed_service_time_(config_.service_time.kind == scenarios::DistKind::constant),
      error_faults_(effects.errors) {
  for (auto& e : instances) instances_.push_back(Instance{e, 0, {}, 0});
}

double ServiceSimulator::error_rate(double now) const {
  // Independent causes: a request succeeds only if none of them fails it.
  double succeeds = 1 - config_.errors;
  for (const auto& w : error_faults_)
    if (w.active_at(now)) succeeds *= 1 - w.value;
  return 1 - succeeds;
}

void ServiceSimulator::crash(std::uint32_t instance) {
  const double now = sim::now();
  Instance& inst = instances_[instance];
  ++inst.epoch;
  // Requests in service are lost when their next step comes (lost_in_crash);
  // the queued ones have no step pending, so they are lost now.
  recorder_.change(Level::busy, now, -inst.busy);
  recorder_.count(Counter::lost, now, static_cast<std::uint64_t>(inst.busy + static_cast<int>(inst.queue.size())));
  recorder_.change(Level::queued, now, -static_cast<int>(inst.queue.size()));
  inst.busy = 0;
  std::deque<Request*> queued;
  queued.swap(inst.queue);
  for (Request* r : queued) calls_.lose(r);
}

bool ServiceSimulator::lost_in_crash(Request* r) {
  if (r->epoch == instances_[r->attempt->instance].epoch) return false;
  calls_.lose(r);
  return true;
}

void ServiceSimulator::arrive(Request* r) {
  const double now = sim::now();
  Instance& inst = instances_[r->attempt->instance];
  if (!inst.endpoint.host->is_on()) return calls_.lose(r);  // nobody there to answer
  r->arrived_at = now;
  r->epoch = inst.epoch;
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
  const double work = service_time_.sample(rng_) / inst.endpoint.host->get_available_speed();
  // Fixed service times recur: they take a FIFO lane of the scheduler.
  if (fixed_service_time_) scheduler().after(work, [this, r] { proceed(r); });
  else scheduler().at(now + work, [this, r] { proceed(r); });
}

void ServiceSimulator::proceed(Request* r) {
  if (lost_in_crash(r)) return;
  if (r->next_call < config_.calls.size()) {
    const auto edge = static_cast<std::uint32_t>(first_call_edge_ + r->next_call);
    // The request's key travels with the calls made while serving it.
    calls_.start(calls_.open(edge, this, r, &instances_[r->attempt->instance].endpoint, r->key));
    return;
  }
  complete(r, rng_.bernoulli(error_rate(sim::now())) ? Outcome::error : Outcome::success);
}

void ServiceSimulator::on_call_done(LogicalCall* call) {
  Request* r = call->parent;
  if (lost_in_crash(r)) return;
  const bool optional = config_.calls[r->next_call].optional;
  ++r->next_call;
  if (call->result.ok() && call->result.degraded) r->degraded = true;
  // A failed required dependency fails the request at once; an optional one is ignored.
  if (!call->result.ok() && !optional) {
    complete(r, Outcome::error);
    return;
  }
  proceed(r);
}

void ServiceSimulator::complete(Request* r, Outcome outcome) {
  const double now = sim::now();
  Instance& inst = instances_[r->attempt->instance];
  r->outcome = outcome;
  recorder_.count(outcome == Outcome::success ? Counter::successes : Counter::failures, now);
  if (outcome == Outcome::success && r->degraded) recorder_.count(Counter::degraded, now);
  recorder_.latency(now, now - r->arrived_at, ending_of(outcome));
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
