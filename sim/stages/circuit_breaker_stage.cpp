// The circuit breaker around a call: asks for a permit, reports each end with
// its latency. Its state shows as the edge's circuit_open level, and an
// opening counts as the patterns' reaction to a fault.
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class CircuitBreakerStage final : public Stage {
 public:
  explicit CircuitBreakerStage(std::unique_ptr<patterns::CircuitBreaker> breaker) : breaker_(std::move(breaker)) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::circuit_breaker; }

  void enter(CallPath& path, Frame* f) override {
    const bool permitted = breaker_->try_acquire(f->started);
    note_state(path, f, f->started);
    if (!permitted) return path.reject(f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    const double now = sim::now();
    if (result.ok()) breaker_->on_success(now, now - f->started);
    else breaker_->on_failure(now, now - f->started);
    note_state(path, f, now);
    path.complete(f, result);
  }

 private:
  // A submission's breaker has no events to offer, only state(): it is asked
  // after every decision that may change it.
  void note_state(CallPath& path, const Frame* f, double now) {
    const auto state = breaker_->state(now);
    const bool open = state == patterns::CircuitState::open || state == patterns::CircuitState::forced_open;
    if (open == open_) return;
    open_ = open;
    if (open) path.react(f);
    path.recorder(f).change(Level::circuit_open, now, open ? +1 : -1);
  }

  std::unique_ptr<patterns::CircuitBreaker> breaker_;
  bool open_ = false;  // as last seen
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::CircuitBreakerConfig& config, const StageBuild& build) {
  return std::make_unique<CircuitBreakerStage>(
      required(build.factory.circuit_breaker(config), patterns::PatternKind::circuit_breaker));
}

}  // namespace chaossim::sim
