// Client-side adaptive throttling around a call (patterns/adaptive_throttling.hpp):
// a local rejection with the probability its counts give, or the call on
// its way; its end counted as accepted or not. Always the reference
// implementation: no assignment asks students for one.
#include "patterns/adaptive_throttling.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class AdaptiveThrottlingStage final : public Stage {
 public:
  AdaptiveThrottlingStage(const patterns::AdaptiveThrottlingConfig& config, patterns::Random& random, Recorder& recorder)
      : throttle_(config), random_(random), recorder_(recorder),
        probability_level_(recorder.add_level("adaptive_throttling_reject_probability", 0)) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::adaptive_throttling; }

  void enter(CallPath& path, Frame* f) override {
    const bool sends = throttle_.try_send(f->started, random_.uniform());
    // The probability as the next request will see it, kept as a level.
    const double p = throttle_.reject_probability(f->started);
    if (p != shown_) {
      recorder_.set(probability_level_, f->started, p);
      shown_ = p;
    }
    if (!sends) return path.reject(f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    throttle_.on_result(sim::now(), result.outcome);
    path.complete(f, result);
  }

 private:
  patterns::AdaptiveThrottle throttle_;
  patterns::Random& random_;
  Recorder& recorder_;
  std::size_t probability_level_;
  double shown_ = 0;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::AdaptiveThrottlingConfig& config, const StageBuild& build) {
  return std::make_unique<AdaptiveThrottlingStage>(config, build.random, build.recorder);
}

}  // namespace chaossim::sim
