#include "sim/outlier_ejector.hpp"

#include "sim/scheduler.hpp"

namespace chaossim::sim {

void OutlierEjector::on_answer(int instance, patterns::Outcome outcome, bool client_error) {
  using patterns::Outcome;
  // Envoy's consecutive 5xx: server errors, refusals, resets and gateway
  // timeouts count; any other answer (a success, a 4xx, a 429) breaks the streak.
  const bool failed =
      (outcome == Outcome::error && !client_error) || outcome == Outcome::timeout || outcome == Outcome::unavailable;
  const double now = sim::now();
  const auto until = detector_.on_answer(instance, failed, now);
  if (!until) return;
  if (edge_.balancer.set_out(instance, Balancer::ejected, true, now)) edge_.recorder.change(Level::unhealthy, now, +1);
  reactions_.react(now, edge_index_);
  scheduler().at(*until, [this, instance] {
    const double back = sim::now();
    detector_.returned(instance, back);
    if (edge_.balancer.set_out(instance, Balancer::ejected, false, back)) edge_.recorder.change(Level::unhealthy, back, -1);
  });
}

// Outlier detection acts on balancing, through the ejector above, not around
// a call: it has no stage.
std::unique_ptr<Stage> make_stage(const patterns::OutlierDetectionConfig&, const StageBuild&) { return nullptr; }

}  // namespace chaossim::sim
