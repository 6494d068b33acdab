// chaossim's reference implementations submitted through the C++ kit. The
// test that grades this directory copies patterns/*.cpp in beside it: the
// grader links a submission against nothing of chaossim's, so the reference
// must bring its own sources like any student would.
#include "patterns/submission.hpp"

namespace {

using namespace chaossim::patterns;

class ReferenceSubmission final : public PatternFactory {
 public:
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig& c) override { return reference_.circuit_breaker(c); }
  std::unique_ptr<RetryPolicy> retry_policy(const RetryConfig& c) override { return reference_.retry_policy(c); }
  std::unique_ptr<RetryBudget> retry_budget(const RetryBudgetConfig& c) override { return reference_.retry_budget(c); }
  std::unique_ptr<Timeout> timeout(const TimeoutConfig& c) override { return reference_.timeout(c); }
  std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig& c) override { return reference_.bulkhead(c); }
  std::unique_ptr<HealthChecker> health_checker(const HealthCheckConfig& c, int instances) override {
    return reference_.health_checker(c, instances);
  }
  std::unique_ptr<FallbackRegistry> fallback_registry(const FallbackConfig& c) override { return reference_.fallback_registry(c); }
  std::unique_ptr<Cache> cache(std::size_t capacity) override { return reference_.cache(capacity); }

 private:
  ReferencePatternFactory reference_;
};

}  // namespace

CHAOSSIM_SUBMISSION(ReferenceSubmission)
