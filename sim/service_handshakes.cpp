#include "sim/connection_pools.hpp"
#include "sim/service_simulator.hpp"

namespace chaossim::sim {

ServiceSimulator::Handshake ServiceSimulator::hears_handshake(std::uint32_t instance, double now) const {
  if (!instances_[instance].endpoint.is_on()) return Handshake::unheard;
  // The kernel answers the SYN whatever the process does; with no process listening, a reset.
  if (refusing(instance, now) || (autoscaler_ && !autoscaler_->accepts(instance))) return Handshake::refused;
  return Handshake::heard;
}

void ServiceSimulator::handshake_work(std::uint32_t instance, Request* token, double cpu) {
  const double now = sim::now();
  token->epoch = instances_[instance].epoch;
  // On shared cores it slows the requests' work, and theirs it; without, a core of its own.
  if (!cores_.empty()) return cores_[instance]->enter(token, cpu, now);
  const double done = paused_.empty() && speeds_.empty() ? now + cpu : finish_time(instance, now, cpu);
  scheduler().at(done, [this, instance, token] {
    // A crash meanwhile took the process that did it.
    calls_.pools().handshake_served(token, token->epoch == instances_[instance].epoch);
  });
}

void ServiceSimulator::cores_done(Request* r) {
  if (r->attempt == nullptr) return calls_.pools().handshake_served(r, true);
  proceed(r);
}

}  // namespace chaossim::sim
