#pragma once
// The reference submission's thread safety: each pattern behind a mutex of
// its own. chaossim's reference implementations are single-threaded state
// machines (the simulator calls them from one thread); a submission must be
// safe to call from many, as the concurrency tests do, and one lock per
// instance is the plainest correct way: every decision reads and writes the
// whole state, so finer locks would buy nothing but bugs.
#include <algorithm>
#include <memory>
#include <mutex>

#include "patterns/submission.hpp"

namespace reference_submission {

using namespace chaossim::patterns;

template <typename Pattern>
class Locked : public Pattern {
 public:
  explicit Locked(std::unique_ptr<Pattern> inner) : inner_(std::move(inner)) {}

 protected:
  template <typename F>
  auto locked(F&& f) const {
    std::lock_guard lock(mutex_);
    return f(*inner_);
  }

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<Pattern> inner_;
};

class LockedBreaker final : public Locked<CircuitBreaker> {
 public:
  using Locked::Locked;
  bool try_acquire(double now) override { return locked([&](auto& p) { return p.try_acquire(now); }); }
  void on_success(double now, double latency_s) override { locked([&](auto& p) { p.on_success(now, latency_s); }); }
  void on_failure(double now, double latency_s) override { locked([&](auto& p) { p.on_failure(now, latency_s); }); }
  CircuitState state(double now) override { return locked([&](auto& p) { return p.state(now); }); }
};

class LockedRetryPolicy final : public Locked<RetryPolicy> {
 public:
  using Locked::Locked;
  std::optional<double> next_delay(double now, RetryState& state, Outcome outcome, Random& random) override {
    return locked([&](auto& p) { return p.next_delay(now, state, outcome, random); });
  }
};

class LockedRetryBudget final : public Locked<RetryBudget> {
 public:
  using Locked::Locked;
  void on_request(double now) override { locked([&](auto& p) { p.on_request(now); }); }
  bool try_withdraw(double now) override { return locked([&](auto& p) { return p.try_withdraw(now); }); }
};

class LockedTimeout final : public Locked<Timeout> {
 public:
  using Locked::Locked;
  double timeout_s(double now) override { return locked([&](auto& p) { return p.timeout_s(now); }); }
  void on_result(double now, double latency_s, bool timed_out) override {
    locked([&](auto& p) { p.on_result(now, latency_s, timed_out); });
  }
};

class LockedBulkhead final : public Locked<Bulkhead> {
 public:
  using Locked::Locked;
  Admission try_enter(double now) override { return locked([&](auto& p) { return p.try_enter(now); }); }
  bool on_leave(double now) override { return locked([&](auto& p) { return p.on_leave(now); }); }
  void on_give_up(double now) override { locked([&](auto& p) { p.on_give_up(now); }); }
};

class LockedHealthChecker final : public Locked<HealthChecker> {
 public:
  using Locked::Locked;
  void on_probe(int instance, bool ok, double now) override { locked([&](auto& p) { p.on_probe(instance, ok, now); }); }
  bool healthy(int instance) const override { return locked([&](auto& p) { return p.healthy(instance); }); }
};

class LockedFallback final : public Locked<FallbackRegistry> {
 public:
  using Locked::Locked;
  std::optional<std::size_t> next(std::size_t from, std::uint64_t key, Cache& cache, double now) override {
    return locked([&](auto& p) { return p.next(from, key, cache, now); });
  }
};

class LockedCache final : public Locked<Cache> {
 public:
  using Locked::Locked;
  std::optional<double> age(std::uint64_t key, double now) override { return locked([&](auto& p) { return p.age(key, now); }); }
  void put(std::uint64_t key, double now) override { locked([&](auto& p) { p.put(key, now); }); }
};

class LockedThrottle final : public Locked<AdaptiveThrottle> {
 public:
  using Locked::Locked;
  bool try_send(double now, double uniform) override { return locked([&](auto& p) { return p.try_send(now, uniform); }); }
  void on_result(double now, Outcome outcome) override { locked([&](auto& p) { p.on_result(now, outcome); }); }
};

class LockedWorkerPools final : public Locked<WorkerPools> {
 public:
  using Locked::Locked;
  PoolSlot try_start(double now, int pool) override { return locked([&](auto& p) { return p.try_start(now, pool); }); }
  bool can_start(double now, int pool) override { return locked([&](auto& p) { return p.can_start(now, pool); }); }
  void release(double now, int pool, PoolSlot slot) override { locked([&](auto& p) { p.release(now, pool, slot); }); }
};

// Each product of the reference factory, behind its lock.
class LockedReferenceFactory : public PatternFactory {
 public:
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig& c) override {
    return std::make_unique<LockedBreaker>(reference_.circuit_breaker(c));
  }
  std::unique_ptr<RetryPolicy> retry_policy(const RetryConfig& c) override {
    return std::make_unique<LockedRetryPolicy>(reference_.retry_policy(c));
  }
  std::unique_ptr<RetryBudget> retry_budget(const RetryBudgetConfig& c) override {
    return std::make_unique<LockedRetryBudget>(reference_.retry_budget(c));
  }
  std::unique_ptr<Timeout> timeout(const TimeoutConfig& c) override { return std::make_unique<LockedTimeout>(reference_.timeout(c)); }
  std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig& c) override {
    return std::make_unique<LockedBulkhead>(reference_.bulkhead(c));
  }
  std::unique_ptr<HealthChecker> health_checker(const HealthCheckConfig& c, int instances) override {
    return std::make_unique<LockedHealthChecker>(reference_.health_checker(c, instances));
  }
  std::unique_ptr<FallbackRegistry> fallback_registry(const FallbackConfig& c) override {
    return std::make_unique<LockedFallback>(reference_.fallback_registry(c));
  }
  std::unique_ptr<Cache> cache(std::size_t capacity) override { return std::make_unique<LockedCache>(reference_.cache(capacity)); }
  std::unique_ptr<AdaptiveThrottle> adaptive_throttle(const AdaptiveThrottlingConfig& c) override {
    return std::make_unique<LockedThrottle>(reference_.adaptive_throttle(c));
  }
  std::unique_ptr<WorkerPools> worker_pools(const WorkerPoolsConfig& c) override {
    return std::make_unique<LockedWorkerPools>(reference_.worker_pools(c));
  }

  // A timeout around everything (the caller's deadline holds whatever
  // happens inside), the breaker around the retries (an open circuit stops
  // them, even a policy that retries refusals), the retry around each
  // attempt's admission.
  std::optional<std::vector<PatternKind>> pipeline_order(const std::vector<PatternKind>& configured) override {
    static constexpr PatternKind nesting[] = {
        PatternKind::fallback, PatternKind::timeout, PatternKind::circuit_breaker, PatternKind::retry,
        PatternKind::rate_limiter, PatternKind::adaptive_throttling, PatternKind::adaptive_concurrency,
        PatternKind::bulkhead, PatternKind::hedge, PatternKind::health_check};
    std::vector<PatternKind> order;
    for (PatternKind kind : nesting)
      if (std::find(configured.begin(), configured.end(), kind) != configured.end()) order.push_back(kind);
    return order;
  }

 private:
  ReferencePatternFactory reference_;
};

}  // namespace reference_submission
