#include "sim/call_path.hpp"

#include "sim/outlier_ejector.hpp"
#include "sim/service_simulator.hpp"

namespace chaossim::sim {

using patterns::CallResult;
using patterns::Outcome;

LogicalCall* CallPath::open(std::uint32_t edge, Caller* caller, Request* parent, const Endpoint* reply_to,
                            std::uint64_t key) {
  LogicalCall* c = calls_.acquire();
  c->caller = caller;
  c->parent = parent;
  c->reply_to = reply_to;
  c->edge = edge;
  c->key = key;
  if (parent != nullptr) c->priority = parent->priority;  // as Google's criticality travels with the work it causes
  return c;
}

void CallPath::start(LogicalCall* c) {
  EdgeRuntime& e = edges_[c->edge];
  const double now = sim::now();
  c->started = now;
  e.recorder.count(Counter::sent, now);
  e.recorder.change(Level::in_flight, now, +1);
  invoke(c, nullptr, 0);
}

void CallPath::cancel(LogicalCall* c) {
  c->cancelled = true;
  // Held while its attempts are given up: the last of them may end the call.
  ++c->live_frames;
  if (c->pending != nullptr) cancel_pending(c, true);
  give_up_lost(c, true);
  if (--c->live_frames == 0 && c->done) calls_.release(c);
}

void CallPath::unpend(LogicalCall* c, Attempt* a) {
  a->pending = false;
  for (Attempt** at = &c->pending; *at != nullptr; at = &(*at)->next)
    if (*at == a) {
      *at = a->next;
      return;
    }
}

void CallPath::cancel_pending(LogicalCall* c, bool all) {
  const double now = sim::now();
  // Every one is given up before any is told: telling the callee, or ending
  // a frame, may answer or send others at once.
  Attempt* cancelling = nullptr;
  Attempt** keep = &c->pending;
  while (*keep != nullptr) {
    Attempt* a = *keep;
    if (all || abandoned(a->frame)) {
      *keep = a->next;
      a->next = cancelling;
      cancelling = a;
      a->pending = false;
      a->answered = true;  // the caller takes no answer from it any more
      EdgeRuntime& e = edges_[a->edge];
      e.balancer.on_answered(a->instance, view_of(e, c));
      // An attempt still in its pool's line was never sent: nothing to tell the callee.
      const bool sent = !e.pooled || !pools_.waiting(a);
      a->cancel_travelling = sent && e.cancel_on_timeout;  // it stays until its cancellation lands
      if (a->cancel_travelling) e.recorder.count(Counter::cancelled, now);
    } else {
      keep = &a->next;
    }
  }
  const Endpoint& from = *c->reply_to;
  while (cancelling != nullptr) {
    Attempt* a = cancelling;
    cancelling = a->next;
    a->next = nullptr;
    Frame* f = a->frame;
    // Its stream goes back to the pool, which may send others at once: the
    // call's pending list is no longer being walked.
    if (edges_[a->edge].pooled) pools_.leave(a, ConnectionPools::Leaving::given_up);
    if (a->cancel_travelling)
      network_.send(from, edges_[a->edge].target->endpoint(a->instance), network_.message_bytes(),
                    [this, a] { cancel_lands(a, true); }, [this, a] { cancel_lands(a, false); });
    else if (a->copies == 0)
      attempts_.release(a);  // never sent; one sent goes when its last copy ends
    complete(f, {Outcome::timeout});
  }
}

void CallPath::cancel_lands(Attempt* a, bool arrived) {
  if (arrived && a->copies > 0) edges_[a->edge].target->cancel(a);
  a->cancel_travelling = false;
  if (a->copies == 0) attempts_.release(a);
}

void CallPath::finish(LogicalCall* c, CallResult result) {
  EdgeRuntime& e = edges_[c->edge];
  const double now = sim::now();
  const Outcome outcome = result.outcome;
  c->result = result;
  c->done = true;
  e.recorder.change(Level::in_flight, now, -1);
  e.recorder.count(Counter::requests, now);
  if (c->attempted) e.recorder.count(Counter::attempted, now);
  e.recorder.latency(now, now - c->started, ending_of(outcome));
  switch (outcome) {
    case Outcome::success:
      e.recorder.count(Counter::successes, now);
      if (result.degraded) e.recorder.count(Counter::degraded, now);
      break;
    case Outcome::unavailable: e.recorder.count(Counter::unavailable, now); break;
    case Outcome::timeout: break;  // counted when the timeout fired (a retried timeout counts too)
    case Outcome::rejected: e.recorder.count(Counter::rejected, now); break;
    case Outcome::error: e.recorder.count(Counter::errors, now); break;
    case Outcome::overloaded: e.recorder.count(Counter::overloaded, now); break;
  }
  if (outcome != Outcome::success) e.recorder.count(Counter::failures, now);
  if (c->resumes != nullptr) {
    // A fallback's call to another service: its end resumes the fallback.
    Frame* waiting = c->resumes;
    c->resumes = nullptr;
    child_done(waiting, result);
  } else {
    c->caller->on_call_done(c);
  }
  if (c->live_frames == 0) calls_.release(c);
}

void CallPath::refuse_attempt(Frame* f) {
  // No instance in service (an autoscaled service replacing every one of
  // its): the caller's balancer refuses at once, as Envoy's "no healthy upstream".
  edges_[f->call->edge].recorder.count(Counter::attempts, sim::now());
  f->call->attempted = true;
  complete(f, {Outcome::unavailable});
}

void CallPath::send_attempt(Frame* f) {
  LogicalCall* c = f->call;
  EdgeRuntime& e = edges_[c->edge];
  const double now = sim::now();
  int instance;
  const int view = view_of(e, c);
  if (!e.balancer.scoped()) {
    instance = e.balancer.pick_any(view);
  } else {
    instance = e.balancer.pick(c->reply_to->zone, view, now);
    if (instance < 0) return refuse_attempt(f);
  }
  Attempt* a = attempts_.acquire();
  a->frame = f;
  a->call = c;
  a->caller_request = c->parent;
  a->caller_recorder = c->caller != nullptr ? c->caller->recorder_to_prefetch() : nullptr;
  a->edge = c->edge;
  a->instance = static_cast<std::uint16_t>(instance);
  e.balancer.on_sent(static_cast<int>(a->instance), view);
  e.recorder.count(Counter::attempts, now);
  c->attempted = true;
  e.target->expect(a->instance);
  // Kept where its caller's giving up must reach it: to cancel it at the
  // callee, or to let its connection's stream go (and close an HTTP/1.1 one).
  if (e.cancel_on_timeout || e.pooled) {
    a->pending = true;
    a->next = c->pending;
    c->pending = a;
  }
  if (e.propagate_deadline && f->expires < std::numeric_limits<double>::infinity()) a->deadline = f->expires;
  if (e.pooled) return pools_.acquire(a, *c->reply_to, e.target->endpoint(a->instance));
  transmit(a);
}

void CallPath::transmit(Attempt* a) {
  Frame* f = a->frame;
  LogicalCall* c = f->call;
  EdgeRuntime& e = edges_[a->edge];
  ServiceSimulator* target = e.target;
  const Endpoint& from = *c->reply_to;
  const Endpoint& to = target->endpoint(a->instance);
  Stall* stall = e.pooled ? pools_.stall(a, false) : nullptr;
  const double sent = sim::now();
  // Every copy is counted before any leaves: with no latency, the first may
  // be answered, and its call ended, before the second is sent.
  const int copies = network_.duplicates(from, to) ? 2 : 1;
  a->copies = static_cast<std::uint8_t>(copies);
  const bool carries_deadline = e.propagate_deadline && f->expires < std::numeric_limits<double>::infinity();
  const std::uint64_t key = c->key;
  const patterns::Priority priority = e.target_priority.value_or(c->priority);
  for (int i = 0; i < copies; ++i) {
    Request* r = i == 0 ? &a->first : requests_.acquire();
    r->attempt = a;
    r->reply_to = &from;
    r->key = key;
    r->has_deadline = carries_deadline;
    r->cancellable = e.cancel_on_timeout;
    r->abandonable = e.may_give_up;
    r->endpoint = e.target_endpoint;
    r->priority = priority;
    r->corrupted = network_.corrupts(from, to);
    if (stall == nullptr)
      network_.send(from, to, e.request_bytes, [target, r] { target->arrive(r); }, [this, r] { lose(r); });
    else
      network_.send(
          from, to, e.request_bytes,
          [this, r, sent] {
            after_stall(pools_.stall(r->attempt, false), sent, [this, r] { edges_[r->attempt->edge].target->arrive(r); });
          },
          [this, r] { lose(r); }, stall);
  }
}

void CallPath::fail_unsent(Attempt* a, Outcome outcome) {
  Frame* f = a->frame;
  LogicalCall* c = f->call;
  EdgeRuntime& e = edges_[a->edge];
  e.balancer.on_answered(static_cast<int>(a->instance), view_of(e, c));
  // Envoy's outlier detection counts a connect failure as a 5xx (locally originated errors not split).
  if (outcome == Outcome::unavailable && e.outliers != nullptr) e.outliers->on_answer(static_cast<int>(a->instance), outcome, false);
  if (a->pending) unpend(c, a);
  attempts_.release(a);
  complete(f, {outcome});
}

void CallPath::answer(Request* request, const Endpoint& from) {
  // The answer's arrival touches the caller's side, long cold in a deep chain.
  const Attempt* a = request->attempt;
  __builtin_prefetch(a->frame);
  __builtin_prefetch(a->call);
  __builtin_prefetch(a->caller_request);
  edges_[a->edge].recorder.prefetch();
  if (a->caller_recorder != nullptr) a->caller_recorder->prefetch();
  // The caller's instance: its Endpoint comes first, its queue and epoch after.
  for (int line = 1; line < 3; ++line) __builtin_prefetch(reinterpret_cast<const char*>(request->reply_to) + 64 * line);
  // A black hole at the endpoint swallows its answers; a corrupted one reads as an error.
  if (edges_[a->edge].target->swallows(a->instance, request->endpoint, true, sim::now())) return lose(request);
  if (network_.corrupts(from, *request->reply_to)) {
    request->outcome = Outcome::error;
    request->client_error = false;
  }
  const std::uint64_t bytes = edges_[a->edge].response_bytes;
  Stall* stall = edges_[a->edge].pooled ? pools_.stall(a, true) : nullptr;
  if (network_.duplicates(from, *request->reply_to)) {
    Request* twin = requests_.acquire();
    *twin = *request;
    ++request->attempt->copies;
    send_answer(from, request, bytes, stall);
    send_answer(from, twin, bytes, stall);
    return;
  }
  send_answer(from, request, bytes, stall);
}

void CallPath::send_answer(const Endpoint& from, Request* r, std::uint64_t bytes, Stall* stall) {
  if (stall == nullptr)
    return network_.send(from, *r->reply_to, bytes, [this, r] { deliver(r); }, [this, r] { lose(r); });
  const double sent = sim::now();
  network_.send(
      from, *r->reply_to, bytes, [this, r, sent] { after_stall(pools_.stall(r->attempt, true), sent, [this, r] { deliver(r); }); },
      [this, r] { lose(r); }, stall);
}

void CallPath::lose(Request* r, std::optional<double> reset_at) {
  edges_[r->attempt->edge].recorder.count(Counter::lost, sim::now());
  drop(r, reset_at);
}

void CallPath::discard(Request* r) { drop(r, std::nullopt); }

void CallPath::drop(Request* r, std::optional<double> reset_at) {
  Attempt* a = r->attempt;
  const double now = sim::now();
  release(r);
  if (--a->copies > 0) return;  // another copy may still be answered
  if (a->answered) {
    if (!a->cancel_travelling) attempts_.release(a);
    return;
  }
  LogicalCall* c = a->frame->call;
  if (a->pending) unpend(c, a);
  a->next = c->lost;
  c->lost = a;
  if (!reset_at) reset_at = edges_[a->edge].target->connection_reset_at(a->instance, now);
  if (reset_at) a->reset = scheduler().at(std::max(now, *reset_at), [this, a] { reset_lost(a); });
  give_up_lost(c, false);
}

void CallPath::reset_copy(Request* r, const Endpoint& from) {
  Request* copy = requests_.acquire();
  *copy = *r;
  copy->outcome = Outcome::unavailable;
  ++r->attempt->copies;
  r->reset_sent = true;
  answer(copy, from);
}

void CallPath::reset_lost(Attempt* a) {
  a->reset = nullptr;
  LogicalCall* c = a->frame->call;
  for (Attempt** at = &c->lost; *at != nullptr; at = &(*at)->next)
    if (*at == a) {
      *at = a->next;
      break;
    }
  EdgeRuntime& e = edges_[a->edge];
  e.balancer.on_answered(static_cast<int>(a->instance), view_of(e, a->call));
  if (e.outliers != nullptr) e.outliers->on_answer(static_cast<int>(a->instance), Outcome::unavailable, false);
  if (e.pooled) pools_.leave(a, ConnectionPools::Leaving::reset);
  Frame* f = a->frame;
  attempts_.release(a);
  complete(f, {Outcome::unavailable});
}

void CallPath::give_up_lost(LogicalCall* c, bool all) {
  // Split first, then end: ending the last of them may recycle the call.
  Attempt* ending = nullptr;
  Attempt** keep = &c->lost;
  while (*keep != nullptr) {
    Attempt* a = *keep;
    if (all || abandoned(a->frame)) {
      *keep = a->next;
      a->next = ending;
      ending = a;
    } else {
      keep = &a->next;
    }
  }
  while (ending != nullptr) {
    Attempt* a = ending;
    ending = a->next;
    end_lost(a);
  }
}

void CallPath::end_lost(Attempt* a) {
  if (a->reset != nullptr) scheduler().cancel(a->reset);
  // The caller stops counting it as outstanding only now that it gave up.
  EdgeRuntime& e = edges_[a->edge];
  e.balancer.on_answered(static_cast<int>(a->instance), view_of(e, a->call));
  if (e.outliers != nullptr) e.outliers->on_answer(static_cast<int>(a->instance), Outcome::timeout, false);
  if (e.pooled) pools_.leave(a, ConnectionPools::Leaving::given_up);
  Frame* f = a->frame;
  attempts_.release(a);
  complete(f, {Outcome::timeout});
}

void CallPath::deliver(Request* r) {
  Attempt* a = r->attempt;
  const Outcome outcome = r->outcome;
  const bool degraded = outcome == Outcome::success && r->degraded;
  const bool client_error = outcome == Outcome::error && r->client_error;
  const float retry_after_s = outcome == Outcome::overloaded ? r->retry_after_s : 0;
  release(r);
  const bool first = !a->answered;
  a->answered = true;
  Frame* f = a->frame;
  if (first) {
    EdgeRuntime& e = edges_[a->edge];
    e.balancer.on_answered(static_cast<int>(a->instance), view_of(e, a->call));
    if (e.outliers != nullptr) e.outliers->on_answer(static_cast<int>(a->instance), outcome, client_error);
    if (a->pending) unpend(f->call, a);
    // "unavailable" is a reset: the connection it came on is gone.
    if (e.pooled)
      pools_.leave(a, outcome == Outcome::unavailable ? ConnectionPools::Leaving::reset : ConnectionPools::Leaving::answered);
  }
  if (--a->copies == 0 && !a->cancel_travelling) attempts_.release(a);
  // A later copy's answer: the caller took the first, and the callee's work on it is wasted.
  if (first) complete(f, {outcome, std::nullopt, degraded, client_error, retry_after_s});
}

}  // namespace chaossim::sim
