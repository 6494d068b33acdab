// A bulkhead around a call: a permit to go inward, or a wait in line of at
// most max_wait, or a refusal. A permit freed passes to the longest-waiting
// caller.
#include <deque>

#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class BulkheadStage final : public Stage {
 public:
  BulkheadStage(std::unique_ptr<patterns::Bulkhead> bulkhead, double max_wait_s)
      : bulkhead_(std::move(bulkhead)), max_wait_s_(max_wait_s) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::bulkhead; }

  void enter(CallPath& path, Frame* f) override {
    switch (bulkhead_->try_enter(f->started)) {
      case patterns::Admission::admitted: return path.invoke_below(f);
      case patterns::Admission::must_wait:
        waiters_.push_back(f);
        f->timer = scheduler().after(max_wait_s_, [this, &path, f] {
          f->timer = nullptr;
          std::erase(waiters_, f);
          bulkhead_->on_give_up(sim::now());
          path.reject(f);
        });
        return;
      case patterns::Admission::rejected: return path.reject(f);
    }
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    // A bulkhead that hands over with nobody waiting (a submission's bug)
    // passes the permit to no one.
    if (bulkhead_->on_leave(sim::now()) && !waiters_.empty()) {
      Frame* next = waiters_.front();
      waiters_.pop_front();
      scheduler().cancel(next->timer);
      next->timer = nullptr;
      path.invoke_below(next);
    }
    path.complete(f, result);
  }

 private:
  std::unique_ptr<patterns::Bulkhead> bulkhead_;
  double max_wait_s_;
  std::deque<Frame*> waiters_;  // in arrival order; those who gave up are removed
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::BulkheadConfig& config, const StageBuild& build) {
  return std::make_unique<BulkheadStage>(required(build.factory.bulkhead(config), patterns::PatternKind::bulkhead),
                                         config.max_wait_s);
}

}  // namespace chaossim::sim
