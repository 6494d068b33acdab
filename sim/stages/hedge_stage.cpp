// Hedging around the attempt: while no answer has come, another attempt goes
// out every `after`, up to max_hedges. The first success wins and the attempts
// still out are left to finish unheard; a failure waits for the others, unless
// none is left. Always the reference implementation.
#include "patterns/hedge.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class HedgeStage final : public Stage {
 public:
  explicit HedgeStage(const patterns::HedgeConfig& config) : policy_(config) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::hedge; }

  void enter(CallPath& path, Frame* f) override {
    // The timer first: an attempt may end within invoke_below(), which then cancels it.
    schedule_next(path, f);
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    f->last = result;
    if (!result.ok() && f->children > 0) return;
    if (f->timer != nullptr) {
      scheduler().cancel(f->timer);
      f->timer = nullptr;
    }
    path.complete(f, result);
  }

 private:
  void schedule_next(CallPath& path, Frame* f) {
    const auto at = policy_.next_hedge_at(f->started, f->hedges);
    if (!at) return;
    f->timer = scheduler().at(*at, [this, &path, f] {
      f->timer = nullptr;
      if (abandoned(f)) return;
      ++f->hedges;
      schedule_next(path, f);
      path.invoke_below(f);
    });
  }

  patterns::HedgePolicy policy_;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::HedgeConfig& config, const StageBuild&) {
  return std::make_unique<HedgeStage>(config);
}

}  // namespace chaossim::sim
