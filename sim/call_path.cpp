#include "sim/call_path.hpp"

#include "sim/service_simulator.hpp"

namespace chaossim::sim {

using patterns::Outcome;

Request* CallPath::open(std::uint32_t edge, Caller* caller, Request* parent, const Endpoint* reply_to) {
  Request* r = pool_.acquire();
  r->caller = caller;
  r->parent = parent;
  r->reply_to = reply_to;
  r->edge = edge;
  return r;
}

void CallPath::send(Request* r) {
  EdgeRuntime& e = edges_[r->edge];
  const double now = sg4::Engine::get_clock();
  r->instance = static_cast<std::uint32_t>(e.balancer.pick());
  r->sent_at = now;
  e.balancer.on_sent(static_cast<int>(r->instance));
  e.recorder.count(Counter::sent, now);
  e.recorder.count(Counter::attempts, now);
  e.recorder.change(Level::in_flight, now, +1);
  ServiceSimulator* target = e.target;
  network_.send(*r->reply_to, target->endpoint(r->instance), [target, r] { target->arrive(r); });
}

void CallPath::answer(Request* request, const Endpoint& from) {
  network_.send(from, *request->reply_to, [this, request] { deliver(request); });
}

void CallPath::deliver(Request* r) {
  EdgeRuntime& e = edges_[r->edge];
  const double now = sg4::Engine::get_clock();
  e.balancer.on_answered(static_cast<int>(r->instance));
  e.recorder.change(Level::in_flight, now, -1);
  e.recorder.count(Counter::requests, now);
  e.recorder.latency(now, now - r->sent_at);
  switch (r->outcome) {
    case Outcome::success: e.recorder.count(Counter::successes, now); break;
    case Outcome::unavailable:
      e.recorder.count(Counter::unavailable, now);
      e.recorder.count(Counter::failures, now);
      break;
    default:
      e.recorder.count(Counter::errors, now);
      e.recorder.count(Counter::failures, now);
  }
  r->caller->on_answer(r);
  pool_.release(r);
}

}  // namespace chaossim::sim
