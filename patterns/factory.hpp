#pragma once
// PatternFactory: where the simulator gets the patterns of each call edge.
// ReferencePatternFactory builds chaossim's own; a student's submission builds
// theirs (see submission.hpp). A method that returns nullptr has no
// implementation: graders count that pattern's tests as failed.
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "patterns/adaptive_throttling.hpp"
#include "patterns/bulkhead.hpp"
#include "patterns/cache.hpp"
#include "patterns/circuit_breaker.hpp"
#include "patterns/fallback.hpp"
#include "patterns/health_check.hpp"
#include "patterns/pattern_kind.hpp"
#include "patterns/retry.hpp"
#include "patterns/timeout.hpp"
#include "patterns/worker_pools.hpp"

namespace chaossim::patterns {

class PatternFactory {
 public:
  virtual ~PatternFactory() = default;
  virtual std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig&) { return nullptr; }
  virtual std::unique_ptr<RetryPolicy> retry_policy(const RetryConfig&) { return nullptr; }
  virtual std::unique_ptr<RetryBudget> retry_budget(const RetryBudgetConfig&) { return nullptr; }
  virtual std::unique_ptr<Timeout> timeout(const TimeoutConfig&) { return nullptr; }
  virtual std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig&) { return nullptr; }
  virtual std::unique_ptr<HealthChecker> health_checker(const HealthCheckConfig&, int /*instances*/) { return nullptr; }
  virtual std::unique_ptr<FallbackRegistry> fallback_registry(const FallbackConfig&) { return nullptr; }
  virtual std::unique_ptr<Cache> cache(std::size_t /*capacity*/) { return nullptr; }
  virtual std::unique_ptr<AdaptiveThrottle> adaptive_throttle(const AdaptiveThrottlingConfig&) { return nullptr; }
  virtual std::unique_ptr<WorkerPools> worker_pools(const WorkerPoolsConfig&) { return nullptr; }
  // How the patterns around one call nest, outermost first: a reordering of
  // `configured` (the call's patterns, in chaossim's default order), or
  // nullopt to keep that order. Composition tests grade a student's; the
  // simulator itself follows the scenario.
  virtual std::optional<std::vector<PatternKind>> pipeline_order(const std::vector<PatternKind>& /*configured*/) {
    return std::nullopt;
  }
};

// Not final: a test or a student can start from it and replace one pattern.
class ReferencePatternFactory : public PatternFactory {
 public:
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig& c) override;
  std::unique_ptr<RetryPolicy> retry_policy(const RetryConfig& c) override;
  std::unique_ptr<RetryBudget> retry_budget(const RetryBudgetConfig& c) override;
  std::unique_ptr<Timeout> timeout(const TimeoutConfig& c) override;
  std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig& c) override;
  std::unique_ptr<HealthChecker> health_checker(const HealthCheckConfig& c, int instances) override;
  std::unique_ptr<FallbackRegistry> fallback_registry(const FallbackConfig& c) override;
  std::unique_ptr<Cache> cache(std::size_t capacity) override;
  std::unique_ptr<AdaptiveThrottle> adaptive_throttle(const AdaptiveThrottlingConfig& c) override;
  std::unique_ptr<WorkerPools> worker_pools(const WorkerPoolsConfig& c) override;
};

}  // namespace chaossim::patterns
