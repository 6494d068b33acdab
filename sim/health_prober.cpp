#include "sim/health_prober.hpp"

#include <stdexcept>

#include "sim/service_simulator.hpp"

namespace chaossim::sim {


HealthProber::HealthProber(const patterns::HealthCheckConfig& config, std::uint32_t edge_index, EdgeRuntime& edge,
                           const Endpoint& from, Network& network, ReactionLog& reactions, std::uint64_t seed,
                           patterns::PatternFactory& factory)
    : config_(config),
      edge_index_(edge_index),
      edge_(edge),
      from_(from),
      network_(network),
      reactions_(reactions),
      checker_(factory.health_checker(config, edge.target->instances())),
      rng_(seed) {
  if (!checker_) throw std::runtime_error("the pattern factory has no health_check");
}

void HealthProber::start() {
  scheduler().at(config_.interval_s, [this] { round(); });
}

void HealthProber::round() {
  // Only the instances in service: the others are not the service's now.
  const std::vector<char>* listed = edge_.target->listed();
  for (int i = 0; i < edge_.target->instances(); ++i)
    if (listed == nullptr || (*listed)[static_cast<std::size_t>(i)] != 0) send(static_cast<std::uint32_t>(i));
  scheduler().at(sim::now() + config_.interval_s, [this] { round(); });
}

void HealthProber::send(std::uint32_t instance) {
  Probe* p = probes_.acquire();
  p->instance = instance;
  p->holders = 2;
  p->given_up_at = sim::now() + config_.timeout_s;
  p->timeout = scheduler().after(config_.timeout_s, [this, p] {
    p->timeout = nullptr;
    settle(p, false);
    drop(p);
  });
  ServiceSimulator* target = edge_.target;
  const Endpoint& to = target->endpoint(instance);
  network_.send(
      from_, to, network_.message_bytes(),
      [this, p] {
        // A paused process answers when it resumes.
        const double back = edge_.target->resumes_at(p->instance, sim::now());
        if (back > sim::now()) scheduler().at(back, [this, p] { reach(p); });
        else reach(p);
      },
      [this, p] { drop(p); });
}

void HealthProber::reach(Probe* p) {
  if (config_.probe == patterns::ProbeServing::dedicated) return answer(p);
  edge_.target->take_probe(p->instance, p->given_up_at, [this, p](bool served) {
    if (served) answer(p);
    else drop(p);
  });
}

void HealthProber::answer(Probe* p) {
  const ServiceSimulator& target = *edge_.target;
  const Endpoint& to = target.endpoint(p->instance);
  // The instance is up (a message to a host that is off is lost): it answers.
  if (!to.is_on()) return drop(p);
  // A host whose process is down refuses the probe at once.
  const bool ok = !target.refusing(p->instance, sim::now()) && !rng_.bernoulli(target.error_rate(sim::now(), p->instance));
  network_.send(
      to, from_, network_.message_bytes(),
      [this, p, ok] {
        settle(p, ok);
        drop(p);
      },
      [this, p] { drop(p); });
}

void HealthProber::settle(Probe* p, bool ok) {
  if (p->settled) return;
  p->settled = true;
  if (p->timeout != nullptr) {
    scheduler().cancel(p->timeout);
    p->timeout = nullptr;
    --p->holders;
  }
  const double now = sim::now();
  const bool was_healthy = checker_->healthy(static_cast<int>(p->instance));
  checker_->on_probe(static_cast<int>(p->instance), ok, now);
  const bool healthy = checker_->healthy(static_cast<int>(p->instance));
  if (healthy == was_healthy) return;
  // The level counts instances out of balancing, for this reason or for outlier detection's.
  if (edge_.balancer.set_in_rotation(static_cast<int>(p->instance), healthy, now))
    edge_.recorder.change(Level::unhealthy, now, healthy ? -1 : +1);
  if (!healthy) reactions_.react(now, edge_index_);
}

void HealthProber::drop(Probe* p) {
  if (--p->holders == 0) probes_.release(p);
}

// A health check acts on balancing, through the prober above, not around a
// call: it has no stage.
std::unique_ptr<Stage> make_stage(const patterns::HealthCheckConfig&, const StageBuild&) { return nullptr; }

}  // namespace chaossim::sim
