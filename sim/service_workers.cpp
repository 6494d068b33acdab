#include "sim/service_simulator.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/autoscaler.hpp"

// How an instance's requests take its workers: a free one at once, else the
// queue (in its discipline's order), and (async) a worker given back while
// the request waits on its calls.
namespace chaossim::sim {

using patterns::Outcome;

bool ServiceSimulator::queue_overflows(const Instance& inst, double now) {
  const std::size_t ceiling = std::max<std::size_t>(1, unbounded_queue_ceiling / instances_.size());
  if (static_cast<std::size_t>(inst.waiting()) < ceiling) return false;
  if (!overflow_)
    overflow_ = fmt::format("service \"{}\"'s queue reached {} requests at t = {:.3f} s: the load exceeds what its {} "
                            "worker{} serve{}. Give it a queue bound (\"queue\"), more workers or instances, or less load",
                            config_.name, unbounded_queue_ceiling, now, config_.workers * static_cast<int>(instances_.size()),
                            config_.workers * instances_.size() == 1 ? "" : "s", config_.workers * instances_.size() == 1 ? "s" : "");
  return true;
}

void ServiceSimulator::enter(Instance& inst, Request* r, double now) {
  if (pools_) return enter_pool(inst, r, now);
  if (can_start(inst)) {
    if (sheds_on_start_) shed_on_start(inst, r, now, 0);  // never shed, but seen: the queue is empty
    start(inst, r, now);
  } else if (config_.queue ? inst.waiting() < *config_.queue : !queue_overflows(inst, now)) {
    queued_changes(inst, now, +1);
    if (inst.queue.empty()) inst.nonempty_since = now;
    inst.queue.push_back(r);
    r->queued = true;
  } else {
    count(r, Counter::rejected, now);
    r->outcome = Outcome::unavailable;
    calls_.answer(r, inst.endpoint);
  }
}

void ServiceSimulator::start(Instance& inst, Request* r, double now) {
  if (tracks_serving_) {
    r->serving_slot = static_cast<std::uint32_t>(inst.serving.size());
    inst.serving.push_back(r);
  }
  r->in_service = true;
  r->waited_s = static_cast<float>(now - r->arrived_at);
  busy_changes(inst, now, +1);
  ++inst.busy;
  // A cold start or a warm-up after a restart stretches the work; a slowed or paused host stretches what
  // of it falls in the slow or paused time (finish_time).
  EndpointRuntime& ep = endpoints_[r->endpoint];
  double work = ep.service_time.sample(rng_);
  if (autoscaler_) work *= autoscaler_->slowdown(static_cast<std::uint32_t>(&inst - instances_.data()), now);
  if (warms_up_) work *= warming(static_cast<std::uint32_t>(&inst - instances_.data()), now);
  if (!cores_.empty()) return cores_[r->attempt->instance]->enter(r, work, now);
  // Fixed service times recur: they take a FIFO lane of the scheduler.
  if (!paused_.empty() || !speeds_.empty()) scheduler().at(finish_time(r->attempt->instance, now, work), [this, r] { proceed(r); });
  else if (ep.fixed_service_time) scheduler().after(work, [this, r] { proceed(r); });
  else scheduler().at(now + work, [this, r] { proceed(r); });
}

void ServiceSimulator::release_worker(Instance& inst, Request* r, double now) {
  r->awaiting_calls = true;
  busy_changes(inst, now, -1);
  --inst.busy;
  ++inst.awaiting;
  if (can_start(inst)) start_next(inst, now);
}

void ServiceSimulator::start_next(Instance& inst, double now) {
  // Those nobody wants any more are let go once a worker has taken the next:
  // letting one go may answer its caller, who may call again at once.
  std::vector<Request*> unwanted_ones, shed_ones;
  const bool newest = takes_newest(inst, now);
  if (!inst.probes.empty()) answer_probes(inst, newest);
  while (!inst.queue.empty()) {
    Request* next = newest ? inst.queue.back() : inst.queue.front();
    if (newest) inst.queue.pop_back();
    else inst.queue.pop_front();
    next->queued = false;
    if (next->cancel_counted) {  // counted when its cancellation arrived
      --inst.cancelled_waiting;
      unwanted_ones.push_back(next);
      continue;
    }
    queued_changes(inst, now, -1);
    if (const auto why = unwanted(next, now)) {
      count(next, *why, now);
      unwanted_ones.push_back(next);
      continue;
    }
    // Its time in the queue, without what it waited in a leaky bucket before.
    if (sheds_on_start_ && shed_on_start(inst, next, now, now - next->arrived_at - next->waited_s)) {
      shed_ones.push_back(next);
      continue;
    }
    start(inst, next, now);
    break;
  }
  for (Request* r : unwanted_ones) calls_.discard(r);
  for (Request* r : shed_ones) calls_.answer(r, inst.endpoint);
}

void ServiceSimulator::take_probe(std::uint32_t instance, double given_up_at, std::function<void(bool)> served) {
  Instance& inst = instances_[instance];
  const double now = sim::now();
  // Pools have no one order to wait in: a pooled service's probe takes any free worker's moment.
  if (pools_ || (can_start(inst) && inst.waiting() == 0)) return served(true);
  // Those their probers gave up on go (served newest first, an old probe may
  // never come up): a standing queue keeps a probe or two, not one per interval.
  std::vector<std::function<void(bool)>> forgotten;
  while (!inst.probes.empty() && inst.probes.front().given_up_at <= now) {
    forgotten.push_back(std::move(inst.probes.front().served));
    inst.probes.pop_front();
  }
  inst.probes.push_back({now, given_up_at, std::move(served)});
  for (auto& f : forgotten) f(false);
}

void ServiceSimulator::answer_probes(Instance& inst, bool newest) {
  // A probe does microseconds of work: the worker answers it and is free
  // again for the request it would take next, which the probe came before.
  // Served newest first, the probes younger than the newest request come
  // before it; oldest first, those older than the oldest.
  std::vector<std::function<void(bool)>> answered;
  while (!inst.probes.empty()) {
    auto& probe = newest ? inst.probes.back() : inst.probes.front();
    if (!inst.queue.empty() &&
        (newest ? probe.arrived < inst.queue.back()->arrived_at : probe.arrived > inst.queue.front()->arrived_at))
      break;
    answered.push_back(std::move(probe.served));
    if (newest) inst.probes.pop_back();
    else inst.probes.pop_front();
  }
  for (auto& served : answered) served(true);
}

void ServiceSimulator::leave_service(Instance& inst, Request* r, double now) {
  // Out of the requests in service (the last takes its place).
  if (tracks_serving_) {
    inst.serving[r->serving_slot] = inst.serving.back();
    inst.serving[r->serving_slot]->serving_slot = r->serving_slot;
    inst.serving.pop_back();
  }
  r->in_service = false;
  if (r->awaiting_calls) {
    r->awaiting_calls = false;
    --inst.awaiting;
  } else {
    busy_changes(inst, now, -1);
    --inst.busy;
  }
  if (pools_) {
    PooledInstance& pi = pooled_[static_cast<std::size_t>(&inst - instances_.data())];
    if (r->pool_slot != patterns::PoolSlot::none) pi.pools->release(now, pool_of(r), r->pool_slot);
    pool_worker(pi, pool_of(r), r->pool_slot, now, -1);
    r->pool_slot = patterns::PoolSlot::none;
    start_next_pooled(inst, now);
  } else if (can_start(inst)) {
    start_next(inst, now);
  }
  if (autoscaler_) autoscaler_->settled(static_cast<std::uint32_t>(&inst - instances_.data()), now);
}

}  // namespace chaossim::sim
