// The adaptive concurrency limiter around a call (patterns/adaptive_concurrency.hpp):
// a slot or a refusal on the way in, the call's outcome and latency on the
// way out, which move the limit.
#include "patterns/adaptive_concurrency.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class AdaptiveConcurrencyStage final : public Stage {
 public:
  AdaptiveConcurrencyStage(const patterns::AdaptiveConcurrencyConfig& config, Recorder& recorder, HostClock clock)
      : limiter_(config), clock_(std::move(clock)), recorder_(recorder), limit_level_(recorder.add_level("adaptive_concurrency_limit", limiter_.limit())) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::adaptive_concurrency; }

  void enter(CallPath& path, Frame* f) override {
    if (!limiter_.try_acquire(clock_.local(f->started))) return path.reject(f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    const double now = sim::now();
    const int before = limiter_.limit();
    limiter_.on_result(clock_.local(now), result.outcome, clock_.local(now) - clock_.local(f->started));
    if (limiter_.limit() != before) recorder_.set(limit_level_, now, limiter_.limit());
    path.complete(f, result);
  }

 private:
  patterns::AdaptiveConcurrencyLimiter limiter_;
  HostClock clock_;
  Recorder& recorder_;
  std::size_t limit_level_;  // the limit over time, in every output
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::AdaptiveConcurrencyConfig& config, const StageBuild& build) {
  return std::make_unique<AdaptiveConcurrencyStage>(config, build.recorder, build.clock);
}

}  // namespace chaossim::sim
