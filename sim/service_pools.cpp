#include <limits>

#include "patterns/virtual_time.hpp"
#include "sim/scheduler.hpp"
#include "sim/service_simulator.hpp"

// A service whose workers are split into pools by endpoint (worker_pools):
// each request takes a worker of its pool's (patterns/worker_pools.hpp) or
// waits in its pool's queue, at most max_wait, then refused; a worker freed
// goes to the oldest waiting request that may take it.
namespace chaossim::sim {

using patterns::Outcome;
using patterns::PoolSlot;

namespace {
// When a request joined its pool's queue: after what it waited in a leaky bucket.
double queued_at(const Request* r) { return r->arrived_at + r->waited_s; }
}  // namespace

void ServiceSimulator::pool_level(int pool, PoolLevel which, double now, int delta) {
  int& total = pool_totals_[static_cast<std::size_t>(pool)][static_cast<std::size_t>(which)];
  total += delta;
  recorder_.set(pool_levels_[static_cast<std::size_t>(pool)][static_cast<std::size_t>(which)], now, total);
}

void ServiceSimulator::pool_worker(PooledInstance& pi, int p, PoolSlot slot, double now, int delta) {
  if (slot == PoolSlot::none) return;
  auto& held = pi.held[static_cast<std::size_t>(p)];
  pool_level(p, pool_busy, now, delta);
  if (slot == PoolSlot::borrowed) {
    held[1] += delta;
    pool_level(p, pool_borrowed, now, delta);
  } else {
    held[0] += delta;
  }
}

void ServiceSimulator::enter_pool(Instance& inst, Request* r, double now) {
  const auto instance = static_cast<std::uint32_t>(&inst - instances_.data());
  PooledInstance& pi = pooled_[instance];
  const int p = pool_of(r);
  const PoolSlot slot = pi.pools->try_start(now, p);
  if (slot != PoolSlot::none) {
    if (sheds_on_start_) shed_on_start(inst, r, now, 0);  // never shed, but seen: it did not wait
    r->pool_slot = slot;
    pool_worker(pi, p, slot, now, +1);
    if (slot == PoolSlot::borrowed) count(r, Counter::borrowed, now);
    return start(inst, r, now);
  }
  auto& queue = pi.queues[static_cast<std::size_t>(p)];
  const auto& config = config_.worker_pools->pools[static_cast<std::size_t>(p)];
  if (static_cast<int>(queue.size()) - pi.cancelled[static_cast<std::size_t>(p)] < config.max_queue) {
    queued_changes(inst, now, +1);
    pool_level(p, pool_queued, now, +1);
    queue.push_back(r);
    ++inst.pooled;
    r->queued = true;
    if (queue.size() == 1) arm_pool_timer(instance, p);
    return;
  }
  count(r, Counter::rejected, now);
  r->outcome = Outcome::unavailable;
  calls_.answer(r, inst.endpoint);
}

void ServiceSimulator::arm_pool_timer(std::uint32_t instance, int p) {
  PooledInstance& pi = pooled_[instance];
  Event*& timer = pi.timers[static_cast<std::size_t>(p)];
  if (timer != nullptr) scheduler().cancel(timer);
  timer = nullptr;
  const double max_wait = config_.worker_pools->pools[static_cast<std::size_t>(p)].max_wait_s;
  const auto& queue = pi.queues[static_cast<std::size_t>(p)];
  if (queue.empty() || max_wait == std::numeric_limits<double>::infinity()) return;
  // FIFO with one max_wait: the oldest is the next to run out of patience.
  timer = scheduler().at(std::max(sim::now(), queued_at(queue.front()) + max_wait), [this, instance, p] { pool_wait_over(instance, p); });
}

Request* ServiceSimulator::pop_pool_head(Instance& inst, int p, double now, std::vector<Request*>& dropped) {
  PooledInstance& pi = pooled_[static_cast<std::size_t>(&inst - instances_.data())];
  auto& queue = pi.queues[static_cast<std::size_t>(p)];
  Request* r = queue.front();
  queue.pop_front();
  --inst.pooled;
  r->queued = false;
  if (r->cancel_counted) {  // counted when its cancellation arrived
    --inst.cancelled_waiting;
    --pi.cancelled[static_cast<std::size_t>(p)];
    dropped.push_back(r);
    return nullptr;
  }
  queued_changes(inst, now, -1);
  pool_level(p, pool_queued, now, -1);
  return r;
}

void ServiceSimulator::pool_wait_over(std::uint32_t instance, int p) {
  PooledInstance& pi = pooled_[instance];
  pi.timers[static_cast<std::size_t>(p)] = nullptr;
  Instance& inst = instances_[instance];
  auto& queue = pi.queues[static_cast<std::size_t>(p)];
  const double now = sim::now();
  const double max_wait = config_.worker_pools->pools[static_cast<std::size_t>(p)].max_wait_s;
  std::vector<Request*> given_up, dropped;
  while (!queue.empty() && patterns::reached(now, queued_at(queue.front()) + max_wait)) {
    Request* r = pop_pool_head(inst, p, now, dropped);
    if (r == nullptr) continue;
    count(r, Counter::pool_timeouts, now);
    count(r, Counter::rejected, now);
    r->outcome = Outcome::unavailable;
    given_up.push_back(r);
  }
  arm_pool_timer(instance, p);
  for (Request* r : dropped) calls_.discard(r);
  for (Request* r : given_up) calls_.answer(r, inst.endpoint);
}

void ServiceSimulator::start_next_pooled(Instance& inst, double now) {
  const auto instance = static_cast<std::uint32_t>(&inst - instances_.data());
  PooledInstance& pi = pooled_[instance];
  // Let go once the workers are taken: letting one go may answer its caller, who may call again at once.
  std::vector<Request*> unwanted_ones, shed_ones;
  while (true) {
    // The oldest head among the pools that may take a worker now.
    int chosen = -1;
    for (int p = 0; p < static_cast<int>(pi.queues.size()); ++p) {
      const auto& queue = pi.queues[static_cast<std::size_t>(p)];
      if (queue.empty() || !pi.pools->can_start(now, p)) continue;
      if (chosen < 0 || queued_at(queue.front()) < queued_at(pi.queues[static_cast<std::size_t>(chosen)].front())) chosen = p;
    }
    if (chosen < 0) break;
    auto& queue = pi.queues[static_cast<std::size_t>(chosen)];
    Request* next = pop_pool_head(inst, chosen, now, unwanted_ones);
    arm_pool_timer(instance, chosen);
    if (next == nullptr) continue;
    if (const auto why = unwanted(next, now)) {
      count(next, *why, now);
      unwanted_ones.push_back(next);
      continue;
    }
    if (sheds_on_start_ && shed_on_start(inst, next, now, now - queued_at(next))) {
      shed_ones.push_back(next);
      continue;
    }
    const PoolSlot slot = pi.pools->try_start(now, chosen);
    if (slot == PoolSlot::none) {
      // It said it could and then did not (a submission's bug): the request waits on, at the head.
      queue.push_front(next);
      ++inst.pooled;
      next->queued = true;
      queued_changes(inst, now, +1);
      pool_level(chosen, pool_queued, now, +1);
      arm_pool_timer(instance, chosen);
      break;
    }
    next->pool_slot = slot;
    pool_worker(pi, chosen, slot, now, +1);
    if (slot == PoolSlot::borrowed) count(next, Counter::borrowed, now);
    start(inst, next, now);
  }
  for (Request* r : unwanted_ones) calls_.discard(r);
  for (Request* r : shed_ones) calls_.answer(r, inst.endpoint);
}

void ServiceSimulator::end_pools(std::uint32_t instance, double now, std::deque<Request*>& queued) {
  PooledInstance& pi = pooled_[instance];
  for (int p = 0; p < static_cast<int>(pi.queues.size()); ++p) {
    auto& queue = pi.queues[static_cast<std::size_t>(p)];
    const int waiting = static_cast<int>(queue.size()) - pi.cancelled[static_cast<std::size_t>(p)];
    pool_level(p, pool_queued, now, -waiting);
    // Its workers are given back: the requests they served are gone with the instance.
    auto& held = pi.held[static_cast<std::size_t>(p)];
    for (; held[0] > 0; --held[0]) {
      pi.pools->release(now, p, PoolSlot::reserved);
      pool_level(p, pool_busy, now, -1);
    }
    for (; held[1] > 0; --held[1]) {
      pi.pools->release(now, p, PoolSlot::borrowed);
      pool_level(p, pool_busy, now, -1);
      pool_level(p, pool_borrowed, now, -1);
    }
    for (Request* r : queue) queued.push_back(r);
    queue.clear();
    pi.cancelled[static_cast<std::size_t>(p)] = 0;
    Event*& timer = pi.timers[static_cast<std::size_t>(p)];
    if (timer != nullptr) scheduler().cancel(timer);
    timer = nullptr;
  }
  instances_[instance].pooled = 0;
}

}  // namespace chaossim::sim
