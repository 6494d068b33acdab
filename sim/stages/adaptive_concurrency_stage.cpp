// The adaptive concurrency limiter around a call (patterns/adaptive_concurrency.hpp):
// a slot or a refusal on the way in, the call's outcome and latency on the
// way out, which move the limit.
#include "patterns/adaptive_concurrency.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class AdaptiveConcurrencyStage final : public Stage {
 public:
  explicit AdaptiveConcurrencyStage(const patterns::AdaptiveConcurrencyConfig& config) : limiter_(config) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::adaptive_concurrency; }

  void enter(CallPath& path, Frame* f) override {
    if (!limiter_.try_acquire(f->started)) return path.reject(f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    const double now = sim::now();
    limiter_.on_result(now, result.outcome, now - f->started);
    path.complete(f, result);
  }

 private:
  patterns::AdaptiveConcurrencyLimiter limiter_;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::AdaptiveConcurrencyConfig& config, const StageBuild&) {
  return std::make_unique<AdaptiveConcurrencyStage>(config);
}

}  // namespace chaossim::sim
