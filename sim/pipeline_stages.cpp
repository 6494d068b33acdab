// The resilience pipeline of a call, one frame per stage, outermost first.
// A stage invokes the one below (invoke), hears how it ended (child_done) and
// reports upward (complete). Waiting is virtual time: timeouts, backoff and
// bulkhead queues are SimGrid kernel timers. A timeout reports upward when it
// fires while the attempt below goes on (the server still does the work); the
// late answer is absorbed by the timeout's frame.
#include <algorithm>

#include "patterns/fallback.hpp"
#include "sim/key_sampler.hpp"
#include "sim/call_path.hpp"
#include "sim/service_simulator.hpp"

namespace chaossim::sim {

using patterns::CallResult;
using patterns::Outcome;
using patterns::RejectedBy;

namespace {
// Keys with this bit are unique to one request: caching them is pointless.
constexpr std::uint64_t unique_key_bit = KeySampler::unique_bit;
}  // namespace

void CallPath::invoke(LogicalCall* c, Frame* parent, std::uint8_t depth) {
  Frame* f = frames_.acquire();
  f->call = c;
  f->parent = parent;
  f->depth = depth;
  f->started = sim::now();
  ++c->live_frames;
  if (parent != nullptr) ++parent->children;
  run_stage(f);
}

void CallPath::note_circuit(EdgeRuntime& e, std::uint32_t edge, double now) {
  const auto state = e.patterns->breaker->state(now);
  const bool open = state == patterns::CircuitState::open || state == patterns::CircuitState::forced_open;
  if (open != e.circuit_open) {
    e.circuit_open = open;
    if (open) reactions_.react(now, edge);
    e.recorder.change(Level::circuit_open, now, open ? +1 : -1);
  }
}

void CallPath::reject(Frame* f, Counter counter, RejectedBy by) {
  const double now = sim::now();
  edges_[f->call->edge].recorder.count(counter, now);
  reactions_.react(now, f->call->edge);
  complete(f, {Outcome::rejected, by});
}

void CallPath::run_stage(Frame* f) {
  LogicalCall* c = f->call;
  EdgeRuntime& e = edges_[c->edge];
  EdgePatterns& p = *e.patterns;
  const double now = f->started;
  const auto below = static_cast<std::uint8_t>(f->depth + 1);
  switch (p.stages[f->depth]) {
    case Stage::attempt: send_attempt(f); return;
    case Stage::fallback: invoke(c, f, below); return;
    case Stage::retry:
      if (p.budget) p.budget->on_request(now);
      invoke(c, f, below);
      return;
    case Stage::circuit_breaker: {
      const bool permitted = p.breaker->try_acquire(now);
      note_circuit(e, c->edge, now);
      if (!permitted) return reject(f, Counter::rejected_by_circuit_breaker, RejectedBy::circuit_breaker);
      invoke(c, f, below);
      return;
    }
    case Stage::rate_limiter:
      if (!p.limiter->try_acquire(now).permitted) return reject(f, Counter::rejected_by_rate_limiter, RejectedBy::rate_limiter);
      invoke(c, f, below);
      return;
    case Stage::timeout: {
      const double limit = p.timeout->timeout_s(now);
      f->timer = scheduler().after(limit, [this, f, limit] {
        f->timer = nullptr;
        EdgeRuntime& edge = edges_[f->call->edge];
        const double fired = sim::now();
        edge.patterns->timeout->on_result(fired, limit, true);
        edge.recorder.count(Counter::timeouts, fired);
        complete(f, {Outcome::timeout});
      });
      invoke(c, f, below);
      return;
    }
    case Stage::bulkhead:
      switch (p.bulkhead->try_enter(now)) {
        case patterns::Admission::admitted:
          invoke(c, f, below);
          return;
        case patterns::Admission::must_wait:
          f->waiting = true;
          p.bulkhead_waiters.push_back(f);
          f->timer = scheduler().after(p.config->bulkhead->max_wait_s, [this, f] {
            f->timer = nullptr;
            f->waiting = false;
            EdgePatterns& patterns = *edges_[f->call->edge].patterns;
            std::erase(patterns.bulkhead_waiters, f);
            patterns.bulkhead->on_give_up(sim::now());
            reject(f, Counter::rejected_by_bulkhead, RejectedBy::bulkhead);
          });
          return;
        case patterns::Admission::rejected: return reject(f, Counter::rejected_by_bulkhead, RejectedBy::bulkhead);
      }
      return;
    case Stage::hedge:
      // The timer first: an attempt may end within invoke(), which then cancels it.
      schedule_hedge(f);
      invoke(c, f, below);
      return;
  }
}

void CallPath::schedule_hedge(Frame* f) {
  const auto at = edges_[f->call->edge].patterns->hedge->next_hedge_at(f->started, f->hedges);
  if (!at) return;
  f->timer = scheduler().at(*at, [this, f] {
    f->timer = nullptr;
    if (abandoned(f)) return;
    ++f->hedges;
    schedule_hedge(f);
    invoke(f->call, f, static_cast<std::uint8_t>(f->depth + 1));
  });
}

void CallPath::complete(Frame* f, CallResult result) {
  f->completed = true;
  LogicalCall* c = f->call;
  // Holds f, and so its call, while the result travels up: on the way, a late
  // or lost answer below f may end, and would otherwise recycle f under us.
  ++f->children;
  if (f->parent != nullptr) child_done(f->parent, result);
  else finish(c, result);
  // Nobody waits for the lost attempts below an answered frame any more.
  if (c->lost != nullptr) give_up_lost(c, f->parent == nullptr);
  --f->children;
  release(f);
}

void CallPath::release(Frame* f) {
  if (!f->completed || f->children > 0) return;
  LogicalCall* c = f->call;
  frames_.release(f);
  if (--c->live_frames == 0 && c->done) calls_.release(c);
}

void CallPath::child_done(Frame* f, CallResult result) {
  const Outcome outcome = result.outcome;
  --f->children;
  if (f->completed) {  // a timeout already answered for this frame: the late answer is absorbed
    release(f);
    return;
  }
  LogicalCall* c = f->call;
  EdgeRuntime& e = edges_[c->edge];
  EdgePatterns& p = *e.patterns;
  const double now = sim::now();
  switch (p.stages[f->depth]) {
    case Stage::attempt: return;  // attempts have no children
    case Stage::hedge:
      // The first success wins and the attempts still out are left to finish
      // unheard; a failure waits for the others, unless none is left.
      f->last = result;
      if (outcome != Outcome::success && f->children > 0) return;
      if (f->timer != nullptr) {
        scheduler().cancel(f->timer);
        f->timer = nullptr;
      }
      return complete(f, result);
    case Stage::fallback:
      if (outcome == Outcome::success) {
        const bool from_fallback = f->fallback_next > 0;
        if (!from_fallback && p.cache && !(c->key & unique_key_bit)) p.cache->put(c->key, now);
        result.degraded = result.degraded || from_fallback;
        return complete(f, result);
      }
      return fall_back(f, result);
    case Stage::retry: {
      f->last = result;
      if (outcome == Outcome::success || abandoned(f)) return complete(f, result);
      const auto delay = p.retry->next_delay(f->retry, outcome, p.random);
      if (!delay) return complete(f, result);
      if (p.budget && !p.budget->try_withdraw(now)) {
        e.recorder.count(Counter::rejected_by_retry_budget, now);
        reactions_.react(now, c->edge);
        return complete(f, result);
      }
      f->timer = scheduler().at(now + *delay, [this, f] {
        f->timer = nullptr;
        if (abandoned(f)) return complete(f, f->last);
        edges_[f->call->edge].recorder.count(Counter::retries, sim::now());
        invoke(f->call, f, static_cast<std::uint8_t>(f->depth + 1));
      });
      return;
    }
    case Stage::circuit_breaker:
      if (outcome == Outcome::success) p.breaker->on_success(now, now - f->started);
      else p.breaker->on_failure(now, now - f->started);
      note_circuit(e, c->edge, now);
      return complete(f, result);
    case Stage::rate_limiter: return complete(f, result);
    case Stage::timeout:
      if (f->timer != nullptr) {
        scheduler().cancel(f->timer);
        f->timer = nullptr;
      }
      p.timeout->on_result(now, now - f->started, false);
      return complete(f, result);
    case Stage::bulkhead:
      // The permit passes to the longest-waiting caller. A bulkhead that hands
      // over with nobody waiting (a submission's bug) passes it to no one.
      if (p.bulkhead->on_leave(now) && !p.bulkhead_waiters.empty()) {
        Frame* next = p.bulkhead_waiters.front();
        p.bulkhead_waiters.pop_front();
        next->waiting = false;
        scheduler().cancel(next->timer);
        next->timer = nullptr;
        invoke(next->call, next, static_cast<std::uint8_t>(next->depth + 1));
      }
      return complete(f, result);
  }
}

void CallPath::fall_back(Frame* f, CallResult failure) {
  LogicalCall* c = f->call;
  EdgePatterns& p = *edges_[c->edge].patterns;
  const double now = sim::now();
  const auto& chain = *p.config->fallback;
  const auto next = p.fallback->next(f->fallback_next, c->key, p.cache ? *p.cache : p.no_cache, now);
  if (!next || *next < f->fallback_next || *next >= chain.chain.size()) return complete(f, failure);
  reactions_.react(now, c->edge);
  f->fallback_next = static_cast<std::uint32_t>(*next + 1);
  if (chain.chain[*next].kind != patterns::FallbackKind::service) return complete(f, {Outcome::success, RejectedBy::none, true});
  // Another service, called through the network like any call, on its own edge.
  LogicalCall* alternative = open(p.fallback_edges[*next], nullptr, c->parent, c->reply_to, c->key);
  alternative->resumes = f;
  ++f->children;
  start(alternative);
}

}  // namespace chaossim::sim
