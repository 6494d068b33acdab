// Client-side adaptive throttling around a call (patterns/adaptive_throttling.hpp):
// a local rejection with the probability its counts give, or the call on
// its way; its end counted as accepted or not. The implementation is the
// factory's: the reference's or a student's.
#include "patterns/adaptive_throttling.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class AdaptiveThrottlingStage final : public Stage {
 public:
  AdaptiveThrottlingStage(std::unique_ptr<patterns::AdaptiveThrottle> throttle, patterns::Random& random, HostClock clock)
      : throttle_(std::move(throttle)), random_(random), clock_(std::move(clock)) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::adaptive_throttling; }

  void enter(CallPath& path, Frame* f) override {
    if (!throttle_->try_send(clock_.local(f->started), random_.uniform())) return path.reject(f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    throttle_->on_result(clock_.local(sim::now()), result.outcome);
    path.complete(f, result);
  }

 private:
  std::unique_ptr<patterns::AdaptiveThrottle> throttle_;
  patterns::Random& random_;
  HostClock clock_;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::AdaptiveThrottlingConfig& config, const StageBuild& build) {
  return std::make_unique<AdaptiveThrottlingStage>(
      required(build.factory.adaptive_throttle(config), patterns::PatternKind::adaptive_throttling), build.random, build.clock);
}

}  // namespace chaossim::sim
