// A rate limiter in front of a call: a token or a refusal, or with a leaky
// bucket a wait in its queue first. Always the reference implementation: no
// assignment asks students for one.
#include "patterns/rate_limiter.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class RateLimiterStage final : public Stage {
 public:
  RateLimiterStage(const patterns::RateLimiterConfig& config, HostClock clock) : limiter_(config), clock_(std::move(clock)) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::rate_limiter; }

  void enter(CallPath& path, Frame* f) override {
    const patterns::RateDecision d = limiter_.try_acquire(clock_.local(f->started));
    if (!d.permitted) return path.reject(f);
    if (d.delay_s <= 0) return path.invoke_below(f);
    f->timer = scheduler().after(d.delay_s, [&path, f] {
      f->timer = nullptr;
      // Nobody waits for it any more: its place in the queue went unused, and
      // whoever gave up has answered already.
      if (abandoned(f)) return path.complete(f, {patterns::Outcome::timeout});
      path.invoke_below(f);
    });
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override { path.complete(f, result); }

 private:
  patterns::ReferenceRateLimiter limiter_;
  HostClock clock_;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::RateLimiterConfig& config, const StageBuild& build) {
  return std::make_unique<RateLimiterStage>(config, build.clock);
}

}  // namespace chaossim::sim
