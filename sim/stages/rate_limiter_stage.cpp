// A rate limiter in front of a call: a token or a refusal. Always the
// reference implementation: no assignment asks students for one.
#include "patterns/rate_limiter.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class RateLimiterStage final : public Stage {
 public:
  explicit RateLimiterStage(const patterns::RateLimiterConfig& config) : limiter_(config) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::rate_limiter; }

  void enter(CallPath& path, Frame* f) override {
    if (!limiter_.try_acquire(f->started).permitted) return path.reject(f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override { path.complete(f, result); }

 private:
  patterns::ReferenceRateLimiter limiter_;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::RateLimiterConfig& config, const StageBuild&) {
  return std::make_unique<RateLimiterStage>(config);
}

}  // namespace chaossim::sim
