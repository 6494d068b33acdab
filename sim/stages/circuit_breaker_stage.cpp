// The circuit breaker around a call: asks for a permit, reports each end with
// its latency. Its state shows as the edge's circuit_open and
// circuit_half_open levels, and an opening counts as the patterns' reaction
// to a fault. The breaker tells its
// transitions as events (CircuitBreakerObserver); one without events (a
// student's, or one over the grading protocol) is asked its state instead
// after every decision that may change it.
#include <algorithm>

#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

// The levels a state shows as: open (forced open too), half-open, or neither.
std::optional<Level> level_of(patterns::CircuitState state) {
  switch (state) {
    case patterns::CircuitState::open:
    case patterns::CircuitState::forced_open: return Level::circuit_open;
    case patterns::CircuitState::half_open: return Level::circuit_half_open;
    default: return std::nullopt;
  }
}

class CircuitBreakerStage final : public Stage, private patterns::CircuitBreakerObserver {
 public:
  CircuitBreakerStage(std::unique_ptr<patterns::CircuitBreaker> breaker, const patterns::CircuitBreakerConfig& config, HostClock clock)
      : breaker_(std::move(breaker)),
        clock_(std::move(clock)),
        evented_(breaker_->observe(this)),
        record_(config.record),
        record_client_errors_(config.record_client_errors) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::circuit_breaker; }

  void enter(CallPath& path, Frame* f) override {
    const double now = f->started;
    bool permitted;
    {
      const Deciding deciding(*this, path, f);
      permitted = breaker_->try_acquire(clock_.local(now));
    }
    if (!evented_) note(path, f, now, level_of(breaker_->state(clock_.local(now))));
    if (!permitted) return path.reject(f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    const double now = sim::now(), local = clock_.local(now);
    {
      const Deciding deciding(*this, path, f);
      if (recorded(result)) breaker_->on_failure(local, local - clock_.local(f->started));
      else breaker_->on_success(local, local - clock_.local(f->started));
    }
    if (!evented_) note(path, f, now, level_of(breaker_->state(local)));
    path.complete(f, result);
  }

 private:
  // A failure the breaker counts; any other end counts as a success.
  bool recorded(const patterns::CallResult& result) const {
    if (result.ok()) return false;
    if (result.client_error) return record_client_errors_;
    return std::find(record_.begin(), record_.end(), result.outcome) != record_.end();
  }

  // The call whose decision is being made: a transition happens within one.
  class Deciding {
   public:
    Deciding(CircuitBreakerStage& stage, CallPath& path, const Frame* f) : stage_(stage) {
      stage_.path_ = &path;
      stage_.frame_ = f;
    }
    ~Deciding() { stage_.frame_ = nullptr; }
    Deciding(const Deciding&) = delete;
    Deciding& operator=(const Deciding&) = delete;

   private:
    CircuitBreakerStage& stage_;
  };

  // The breaker tells the time as its host's clock reads it; the levels keep true time.
  void on_transition(double, patterns::CircuitState, patterns::CircuitState to) override {
    if (frame_ != nullptr) note(*path_, frame_, sim::now(), level_of(to));
  }

  void note(CallPath& path, const Frame* f, double now, std::optional<Level> level) {
    if (level == level_) return;
    if (level_) path.recorder(f).change(*level_, now, -1);
    if (level) path.recorder(f).change(*level, now, +1);
    if (level == Level::circuit_open) path.react(f);
    level_ = level;
  }

  std::unique_ptr<patterns::CircuitBreaker> breaker_;
  HostClock clock_;
  bool evented_;
  std::vector<patterns::Outcome> record_;
  bool record_client_errors_;
  std::optional<Level> level_;  // the state's level as last seen (none: closed or disabled)
  CallPath* path_ = nullptr;
  const Frame* frame_ = nullptr;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::CircuitBreakerConfig& config, const StageBuild& build) {
  return std::make_unique<CircuitBreakerStage>(
      required(build.factory.circuit_breaker(config), patterns::PatternKind::circuit_breaker), config, build.clock);
}

}  // namespace chaossim::sim
