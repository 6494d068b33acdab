#include "sim/service_simulator.hpp"

#include <algorithm>

#include "sim/autoscaler.hpp"

// How a service's instances go down and come back: a host gone (blackhole),
// a process down (refuse), and what their callers hear of it.
namespace chaossim::sim {

using patterns::Outcome;

std::deque<Request*> ServiceSimulator::end_life(Instance& inst, double now, bool lost) {
  ++inst.epoch;
  if (!local_caches_.empty()) forget_cache(static_cast<std::uint32_t>(&inst - instances_.data()), now);
  // The work on its cores is gone with it: each of those requests takes its
  // next step now, and finds itself lost (lost_in_crash).
  if (!cores_.empty())
    for (Request* r : cores_[static_cast<std::size_t>(&inst - instances_.data())]->clear(now)) {
      if (r->attempt == nullptr) calls_.pools().handshake_served(r, false);  // a connection's handshake
      else scheduler().at(now, [this, r] { proceed(r); });
    }
  busy_changes(inst, now, -inst.busy);
  // Those in a leaky bucket are counted now and let go as they come out of it
  // (lost_in_crash; after a process's crash, their connections are reset then).
  if (lost) recorder_.count(Counter::lost, now, static_cast<std::uint64_t>(inst.held()));
  queued_changes(inst, now, -inst.waiting());
  inst.busy = 0;
  inst.awaiting = 0;
  inst.paced = 0;
  inst.cancelled_waiting = 0;
  std::deque<Request*> queued;
  queued.swap(inst.queue);
  if (pools_) end_pools(static_cast<std::uint32_t>(&inst - instances_.data()), now, queued);
  for (Request* r : queued) r->queued = false;
  // Probes waiting for a worker: lost with the host, or refused by the host whose process died.
  auto probes = std::move(inst.probes);
  inst.probes.clear();
  for (auto& probe : probes) probe.served(!lost);
  return queued;
}

void ServiceSimulator::add_startups(double startup) {
  // After each crash its process starts again: up, but refusing connections
  // (a port not yet open) until it is ready, as a process of its own.
  const std::size_t crashes = outages_.size();
  for (std::size_t c = 0; c < crashes; ++c) {
    const Window ended = outages_[c].window;
    for (int k = 0; k < static_cast<int>(instances_.size()); ++k)
      if (outages_[c].covers(k))
        outages_.push_back(Outage{Window{ended.end, ended.end + startup}, k, scenarios::CrashMode::refuse});
  }
}

double ServiceSimulator::warming(std::uint32_t instance, double now) const {
  const scenarios::Restart& r = *config_.restart;
  const double age = now - restored_at_[instance];
  if (age >= r.warmup_s) return 1;
  return 1 + (r.warmup_slowdown - 1) * (1 - age / r.warmup_s);
}

void ServiceSimulator::crash(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  if (autoscaler_) autoscaler_->went_down(instance, sim::now());
  // Requests in service are lost when their next step comes (lost_in_crash);
  // the queued ones have no step pending, so they are lost now (the
  // cancelled ones were let go already).
  inst.serving.clear();
  for (Request* r : end_life(inst, sim::now(), true)) {
    if (r->cancel_counted) calls_.discard(r);
    else calls_.lose(r);
  }
}

void ServiceSimulator::process_crash(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  if (!inst.endpoint.is_on()) return;  // a blackhole crash holds it already
  if (autoscaler_) autoscaler_->went_down(instance, sim::now());
  // The host is alive and resets its connections: every caller hears at once.
  // Requests in service still have a step pending: a copy answers for each.
  for (Request* r : inst.serving) calls_.reset_copy(r, inst.endpoint);
  inst.serving.clear();
  for (Request* r : end_life(inst, sim::now(), false)) {
    if (r->cancel_counted) {
      calls_.discard(r);
      continue;
    }
    r->outcome = Outcome::unavailable;
    calls_.answer(r, inst.endpoint);
  }
}

std::optional<double> ServiceSimulator::connection_reset_at(std::uint32_t instance, double now) const {
  if (instances_[instance].endpoint.is_on()) return std::nullopt;
  double back = now;
  for (const auto& o : outages_)
    if (o.mode == scenarios::CrashMode::blackhole && o.covers(static_cast<int>(instance)) && o.window.active_at(now))
      back = std::max(back, o.window.end);
  return std::min(back, now + transport_timeout_s_);
}

void ServiceSimulator::restored(std::uint32_t instance) {
  const double now = sim::now();
  if (down(instance, now)) return;  // another outage holds it still
  restored_at_[instance] = now;
  if (autoscaler_) autoscaler_->came_back(instance, now);
}

bool ServiceSimulator::refusing_now(std::uint32_t instance, double now) const {
  for (const auto& o : outages_)
    if (o.mode == scenarios::CrashMode::refuse && o.covers(static_cast<int>(instance)) && o.window.active_at(now))
      return true;
  return false;
}

bool ServiceSimulator::reachable_from(const Endpoint& from, double now) const {
  for (std::uint32_t i = 0; i < instances_.size(); ++i)
    if (!refusing(i, now) && (!autoscaler_ || autoscaler_->accepts(i)) && calls_.network().connected(from, instances_[i].endpoint)) return true;
  return false;
}

void ServiceSimulator::lose_from_crash(Request* r) {
  r->in_service = false;
  if (r->reset_sent) {
    calls_.discard(r);
  } else {
    // Its host went and may be back already: then its caller's connection is reset now.
    const double now = sim::now();
    const auto back = connection_reset_at(r->attempt->instance, now);
    calls_.lose(r, back ? back : std::optional<double>(now));
  }
}

}  // namespace chaossim::sim
