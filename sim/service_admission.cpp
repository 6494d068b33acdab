#include "sim/scheduler.hpp"
#include "sim/service_simulator.hpp"

// What a service's instances shed before doing work: each instance judges an
// arriving request by the service's admission, then by its endpoint's; CoDel
// judges it again as it leaves the queue. Shed requests are answered at once,
// overloaded.
namespace chaossim::sim {

using patterns::AdmissionDecision;
using patterns::Outcome;

static_assert(static_cast<std::size_t>(Counter::shed_queue_delay) - static_cast<std::size_t>(Counter::shed_rate_limit) + 1 ==
              patterns::shed_cause_count, "a shed counter per cause, in ShedCause's order");

patterns::ServerAdmission* ServiceSimulator::admission(std::uint32_t instance, std::uint16_t endpoint, int level) {
  auto& list = level == 0 ? admissions_ : endpoints_[endpoint].admissions;
  return list.empty() ? nullptr : &list[instance];
}

void ServiceSimulator::admit(Instance& inst, Request* r, double now, int level) {
  for (; level < 2; ++level) {
    patterns::ServerAdmission* a = admission(r->attempt->instance, r->endpoint, level);
    if (a == nullptr) continue;
    const AdmissionDecision d = a->on_arrival(clock_.local(now), inst.held(), r->priority);
    if (!d.admitted) return shed(inst, r, d, now);
    if (d.delay_s > 0) {
      // In the bucket it is held by the instance, in no queue yet.
      ++inst.paced;
      scheduler().after(d.delay_s, [this, r, level] { leave_bucket(r, level + 1); });
      return;
    }
  }
  enter(inst, r, now);
}

void ServiceSimulator::leave_bucket(Request* r, int next_level) {
  if (lost_in_crash(r)) return;  // its instance's life ended meanwhile, and its count with it
  const double now = sim::now();
  Instance& inst = instances_[r->attempt->instance];
  --inst.paced;
  r->waited_s = static_cast<float>(now - r->arrived_at);
  if (const auto why = unwanted(r, now)) {
    count(r, *why, now);
    return calls_.discard(r);
  }
  admit(inst, r, now, next_level);
}

void ServiceSimulator::mark_shed(Request* r, const AdmissionDecision& d, double now) {
  count(r, Counter::shed, now);
  count(r, static_cast<Counter>(static_cast<std::size_t>(Counter::shed_rate_limit) + static_cast<std::size_t>(d.cause)), now);
  r->outcome = Outcome::overloaded;
  r->retry_after_s = static_cast<float>(d.retry_after_s);
}

void ServiceSimulator::shed(Instance& inst, Request* r, const AdmissionDecision& d, double now) {
  mark_shed(r, d, now);
  calls_.answer(r, inst.endpoint);
}

bool ServiceSimulator::shed_on_start(Instance& inst, Request* r, double now, double queue_wait) {
  const auto instance = static_cast<std::uint32_t>(&inst - instances_.data());
  for (int level = 0; level < 2; ++level) {
    patterns::ServerAdmission* a = admission(instance, r->endpoint, level);
    if (a == nullptr || !a->sheds_on_start()) continue;
    const AdmissionDecision d = a->on_start(clock_.local(now), queue_wait, r->priority);
    if (!d.admitted) {
      mark_shed(r, d, now);
      return true;
    }
  }
  return false;
}

}  // namespace chaossim::sim
