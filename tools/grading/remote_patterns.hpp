#pragma once
// The submission's patterns as the simulator sees them: each decision is a
// request over the session. Answers are checked before the simulator acts on
// them (a negative delay, an index outside the fallback chain); a wrong one
// fails the session, and from then on every pattern answers as a harmless
// default so the run can end and the test be reported.
#include <set>

#include "patterns/factory.hpp"
#include "tools/grading/session.hpp"

namespace chaossim::grading {

class RemotePatternFactory final : public patterns::PatternFactory {
 public:
  // The patterns in `played` come from the submission, the others from the reference.
  RemotePatternFactory(Session& session, std::set<StudentPattern> played) : session_(session), played_(std::move(played)) {}

  std::unique_ptr<patterns::CircuitBreaker> circuit_breaker(const patterns::CircuitBreakerConfig& c) override;
  std::unique_ptr<patterns::RetryPolicy> retry_policy(const patterns::RetryConfig& c) override;
  std::unique_ptr<patterns::RetryBudget> retry_budget(const patterns::RetryBudgetConfig& c) override;
  std::unique_ptr<patterns::Timeout> timeout(const patterns::TimeoutConfig& c) override;
  std::unique_ptr<patterns::Bulkhead> bulkhead(const patterns::BulkheadConfig& c) override;
  std::unique_ptr<patterns::HealthChecker> health_checker(const patterns::HealthCheckConfig& c, int instances) override;
  std::unique_ptr<patterns::FallbackRegistry> fallback_registry(const patterns::FallbackConfig& c) override;
  std::unique_ptr<patterns::Cache> cache(std::size_t capacity) override;
  std::unique_ptr<patterns::AdaptiveThrottle> adaptive_throttle(const patterns::AdaptiveThrottlingConfig& c) override;
  std::unique_ptr<patterns::WorkerPools> worker_pools(const patterns::WorkerPoolsConfig& c) override;

 private:
  bool plays(StudentPattern p) const { return played_.count(p) != 0; }

  Session& session_;
  std::set<StudentPattern> played_;
  patterns::ReferencePatternFactory reference_;
};

}  // namespace chaossim::grading
