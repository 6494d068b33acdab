// A timeout around a call: answers "timeout" when its limit passes first. The
// attempt below goes on (the server still does the work) unless its edge
// cancels; its late answer is absorbed by this frame (call_frames.cpp).
#include <algorithm>

#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class TimeoutStage final : public Stage {
 public:
  explicit TimeoutStage(std::unique_ptr<patterns::Timeout> timeout) : timeout_(std::move(timeout)) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::timeout; }

  void enter(CallPath& path, Frame* f) override {
    const double limit = timeout_->timeout_s(f->started);
    f->expires = std::min(f->expires, f->started + limit);
    f->timer = scheduler().after(limit, [this, &path, f, limit] {
      f->timer = nullptr;
      const double fired = sim::now();
      timeout_->on_result(fired, limit, true);
      path.recorder(f).count(Counter::timeouts, fired);
      path.complete(f, {patterns::Outcome::timeout});
    });
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    const double now = sim::now();
    if (f->timer != nullptr) {
      scheduler().cancel(f->timer);
      f->timer = nullptr;
    }
    timeout_->on_result(now, now - f->started, false);
    path.complete(f, result);
  }

 private:
  std::unique_ptr<patterns::Timeout> timeout_;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::TimeoutConfig& config, const StageBuild& build) {
  return std::make_unique<TimeoutStage>(required(build.factory.timeout(config), patterns::PatternKind::timeout));
}

}  // namespace chaossim::sim
