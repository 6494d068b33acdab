#include "sim/call_path.hpp"

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
  give_up_lost(c, true);
}

void CallPath::finish(LogicalCall* c, CallResult result) {
  EdgeRuntime& e = edges_[c->edge];
  const double now = sim::now();
  const Outcome outcome = result.outcome;
  c->result = result;
  c->done = true;
  e.recorder.change(Level::in_flight, now, -1);
  e.recorder.count(Counter::requests, now);
  e.recorder.latency(now, now - c->started);
  switch (outcome) {
    case Outcome::success:
      e.recorder.count(Counter::successes, now);
      if (result.degraded) e.recorder.count(Counter::degraded, now);
      break;
    case Outcome::unavailable: e.recorder.count(Counter::unavailable, now); break;
    case Outcome::timeout: break;  // counted when the timeout fired (a retried timeout counts too)
    case Outcome::rejected: e.recorder.count(Counter::rejected, now); break;
    case Outcome::error: e.recorder.count(Counter::errors, now); break;
  }
  if (outcome != Outcome::success) e.recorder.count(Counter::failures, now);
  if (c->resumes != nullptr) {
    // A fallback's call to another service: its end resumes the fallback.
    Frame* waiting = c->resumes;
    c->resumes = nullptr;
    child_done(waiting, {result.outcome, result.rejected_by});
  } else {
    c->caller->on_call_done(c);
  }
  if (c->live_frames == 0) calls_.release(c);
}

void CallPath::send_attempt(Frame* f) {
  LogicalCall* c = f->call;
  EdgeRuntime& e = edges_[c->edge];
  const double now = sim::now();
  Request* r = requests_.acquire();
  r->frame = f;
  r->reply_to = c->reply_to;
  r->edge = c->edge;
  r->key = c->key;
  r->instance = static_cast<std::uint32_t>(e.balancer.pick());
  e.balancer.on_sent(static_cast<int>(r->instance));
  e.recorder.count(Counter::attempts, now);
  ServiceSimulator* target = e.target;
  network_.send(*r->reply_to, target->endpoint(r->instance), [target, r] { target->arrive(r); }, [this, r] { lose(r); });
}

void CallPath::answer(Request* request, const Endpoint& from) {
  network_.send(from, *request->reply_to, [this, request] { deliver(request); }, [this, request] { lose(request); });
}

void CallPath::lose(Request* r) {
  edges_[r->edge].recorder.count(Counter::lost, sim::now());
  LogicalCall* c = r->frame->call;
  r->next_lost = c->lost;
  c->lost = r;
  give_up_lost(c, false);
}

void CallPath::give_up_lost(LogicalCall* c, bool all) {
  // Split first, then end: ending the last of them may recycle the call.
  Request* ending = nullptr;
  Request** keep = &c->lost;
  while (*keep != nullptr) {
    Request* r = *keep;
    if (all || abandoned(r->frame)) {
      *keep = r->next_lost;
      r->next_lost = ending;
      ending = r;
    } else {
      keep = &r->next_lost;
    }
  }
  while (ending != nullptr) {
    Request* r = ending;
    ending = r->next_lost;
    end_lost(r);
  }
}

void CallPath::end_lost(Request* r) {
  // The caller stops counting it as outstanding only now that it gave up.
  edges_[r->edge].balancer.on_answered(static_cast<int>(r->instance));
  Frame* f = r->frame;
  requests_.release(r);
  complete(f, {Outcome::timeout});
}

void CallPath::deliver(Request* r) {
  edges_[r->edge].balancer.on_answered(static_cast<int>(r->instance));
  Frame* f = r->frame;
  const Outcome outcome = r->outcome;
  requests_.release(r);
  complete(f, {outcome});
}

}  // namespace chaossim::sim
