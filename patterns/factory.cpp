#include "patterns/factory.hpp"

namespace chaossim::patterns {

std::unique_ptr<CircuitBreaker> ReferencePatternFactory::circuit_breaker(const CircuitBreakerConfig& c) {
  return std::make_unique<ReferenceCircuitBreaker>(c);
}
std::unique_ptr<RetryPolicy> ReferencePatternFactory::retry_policy(const RetryConfig& c) {
  return std::make_unique<ReferenceRetryPolicy>(c);
}
std::unique_ptr<RetryBudget> ReferencePatternFactory::retry_budget(const RetryBudgetConfig& c) {
  return std::make_unique<ReferenceRetryBudget>(c);
}
std::unique_ptr<Timeout> ReferencePatternFactory::timeout(const TimeoutConfig& c) { return std::make_unique<ReferenceTimeout>(c); }
std::unique_ptr<Bulkhead> ReferencePatternFactory::bulkhead(const BulkheadConfig& c) {
  return std::make_unique<ReferenceBulkhead>(c);
}
std::unique_ptr<HealthChecker> ReferencePatternFactory::health_checker(const HealthCheckConfig& c, int instances) {
  return std::make_unique<ReferenceHealthChecker>(c, instances);
}
std::unique_ptr<FallbackRegistry> ReferencePatternFactory::fallback_registry(const FallbackConfig& c) {
  return std::make_unique<ReferenceFallbackRegistry>(c);
}
std::unique_ptr<Cache> ReferencePatternFactory::cache(std::size_t capacity) { return std::make_unique<ReferenceCache>(capacity); }
std::unique_ptr<AdaptiveThrottle> ReferencePatternFactory::adaptive_throttle(const AdaptiveThrottlingConfig& c) {
  return std::make_unique<ReferenceAdaptiveThrottle>(c);
}
std::unique_ptr<WorkerPools> ReferencePatternFactory::worker_pools(const WorkerPoolsConfig& c) {
  return std::make_unique<ReferenceWorkerPools>(c);
}

}  // namespace chaossim::patterns
