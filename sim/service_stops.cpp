// The requests a service drops or stops before their end: those whose
// caller cancelled them (cancel_on_timeout) and those past the deadline they
// carry (propagate_deadline), and the work done for callers that had given up.
#include "sim/service_simulator.hpp"

#include "sim/scheduler.hpp"

namespace chaossim::sim {

bool ServiceSimulator::stop_if_unwanted(Request* r) {
  const auto why = unwanted(r, sim::now());
  if (why) stop(r, *why);
  return why.has_value();
}

void ServiceSimulator::stop(Request* r, Counter why) {
  const double now = sim::now();
  abandon_open_calls(r);
  count(r, why, now);
  count_wasted(r, now);
  leave_service(instances_[r->attempt->instance], r, now);
  calls_.discard(r);
}

void ServiceSimulator::count_wasted(const Request* r, double now) {
  count(r, Counter::wasted, now);
  recorder_.add_span(Level::wasted_busy, r->arrived_at + r->waited_s, now);
}

void ServiceSimulator::refuse_corrupt(Instance& inst, Request* r, double now) {
  count(r, Counter::requests, now);
  count(r, Counter::failures, now);
  recorder_.latency(now, 0, ending_of(patterns::Outcome::error));
  if (Recorder* e = endpoints_[r->endpoint].recorder.get()) e->latency(now, 0, ending_of(patterns::Outcome::error));
  r->outcome = patterns::Outcome::error;
  r->client_error = true;
  calls_.answer(r, inst.endpoint);
}

bool ServiceSimulator::swallows_now(std::uint32_t instance, std::uint16_t endpoint, bool answer, double now) const {
  for (const auto& b : blackholes_)
    if ((answer ? b.answers : b.requests) && b.covers(endpoint) && b.window.active_at(now) && b.window.covers(static_cast<int>(instance)))
      return true;
  return false;
}

void ServiceSimulator::cancel(Attempt* a) {
  if (wait_for_resume(a->instance, [this, a] { cancel(a); })) return;  // read when it resumes
  a->cancel_arrived = true;
  Request* r = &a->first;
  Instance& inst = instances_[a->instance];
  const double now = sim::now();
  if (r->queued) {
    // Left in the queue until it comes up (a deque has no cheap removal from
    // its middle), but its place is free now: the queue's bound and level leave it out.
    r->cancel_counted = true;
    ++inst.cancelled_waiting;
    if (pools_) {
      ++pooled_[a->instance].cancelled[static_cast<std::size_t>(pool_of(r))];
      pool_level(pool_of(r), pool_queued, now, -1);
    }
    count(r, Counter::cancelled, now);
    queued_changes(inst, now, -1);
  } else if (r->in_service && r->epoch == inst.epoch && r->open_calls != nullptr && !r->launching) {
    stop(r, Counter::cancelled);  // waiting on calls: they are cancelled in turn
  }
  // Elsewhere (on its way here, in its own work, a copy of a duplicated
  // message), it is dropped at its next step: unwanted() sees cancel_arrived.
}

void ServiceSimulator::expire_call(LogicalCall* call) {
  call->deadline = nullptr;
  calls_.edges()[call->edge].recorder.count(Counter::expired, sim::now());
  Request* r = call->parent;
  unlink_call(r, call);
  calls_.cancel(call);  // no new attempts; on an edge that cancels, the callee hears it
  if (r->epoch != instances_[r->attempt->instance].epoch) {
    abandon_open_calls(r);
    lost_in_crash(r);
    return;
  }
  // Its request carries the same deadline: nobody waits for it either.
  stop(r, Counter::expired);
}

}  // namespace chaossim::sim
