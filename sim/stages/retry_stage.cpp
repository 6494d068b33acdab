// Retry around a call: after a failed attempt, waits the policy's backoff and
// goes inward again, unless the policy gives up, nobody waits any more, or the
// retry budget denies it.
#include "sim/call_path.hpp"

namespace chaossim::sim {
namespace {

class RetryStage final : public Stage {
 public:
  RetryStage(const patterns::RetryConfig& config, std::unique_ptr<patterns::RetryPolicy> policy,
             std::unique_ptr<patterns::RetryBudget> budget, patterns::Random& random, HostClock clock)
      : config_(config), policy_(std::move(policy)), budget_(std::move(budget)), random_(random), clock_(std::move(clock)) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::retry; }

  void enter(CallPath& path, Frame* f) override {
    if (budget_) budget_->on_request(clock_.local(f->started));
    path.invoke_below(f);
  }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    const double now = sim::now();
    f->last = result;
    if (result.ok() || abandoned(f)) return path.complete(f, result);
    // A client error comes back the same however often it is sent: not retried unless asked.
    if (result.client_error && !config_.retry_client_errors) return path.complete(f, result);
    const auto delay = policy_->next_delay(clock_.local(now), f->retry, result.outcome, random_);
    if (!delay) return path.complete(f, result);
    if (budget_ && !budget_->try_withdraw(clock_.local(now))) {
      path.recorder(f).count(Counter::rejected_by_retry_budget, now);
      path.react(f);
      return path.complete(f, result);
    }
    f->timer = scheduler().at(now + patterns::honouring_retry_after(config_, *delay, result), [&path, f] {
      f->timer = nullptr;
      if (abandoned(f)) return path.complete(f, f->last);
      path.recorder(f).count(Counter::retries, sim::now());
      path.invoke_below(f);
    });
  }

 private:
  patterns::RetryConfig config_;
  std::unique_ptr<patterns::RetryPolicy> policy_;
  std::unique_ptr<patterns::RetryBudget> budget_;
  patterns::Random& random_;
  HostClock clock_;
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::RetryConfig& config, const StageBuild& build) {
  using patterns::PatternKind;
  auto policy = required(build.factory.retry_policy(config), PatternKind::retry);
  std::unique_ptr<patterns::RetryBudget> budget;
  if (config.budget) budget = required(build.factory.retry_budget(*config.budget), PatternKind::retry);
  return std::make_unique<RetryStage>(config, std::move(policy), std::move(budget), build.random, build.clock);
}

}  // namespace chaossim::sim
