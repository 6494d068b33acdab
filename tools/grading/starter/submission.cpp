// Your resilience patterns, graded by chaossim. Implement the classes below
// (the interfaces are in patterns/*.hpp); a pattern whose factory method
// returns nullptr counts as not implemented. Grade your work with
//
//     chaossim grade --submission .
//
// Every decision gets the virtual time `now` in seconds: never read the clock.
// The concurrency tests call one instance from several threads at once: each
// call must act as if it ran alone (a std::mutex per instance is the plain
// way), and ThreadSanitizer watches for data races.
// The grader compiles every .cpp of this directory with g++ -std=c++20
// against chaossim's headers only: the reference implementations are not
// there to link against.
#include <memory>
#include <stdexcept>

#include "patterns/submission.hpp"

namespace {

using namespace chaossim::patterns;

[[noreturn]] void todo(const char* what) { throw std::logic_error(std::string(what) + " is not written yet"); }

class MyCircuitBreaker final : public CircuitBreaker {
 public:
  explicit MyCircuitBreaker(const CircuitBreakerConfig& config) : config_(config) {}
  bool try_acquire(double /*now*/) override { todo("CircuitBreaker::try_acquire"); }
  void on_success(double /*now*/, double /*latency_s*/) override { todo("CircuitBreaker::on_success"); }
  void on_failure(double /*now*/, double /*latency_s*/) override { todo("CircuitBreaker::on_failure"); }
  CircuitState state(double /*now*/) override { todo("CircuitBreaker::state"); }

 private:
  CircuitBreakerConfig config_;
};

class MyRetryPolicy final : public RetryPolicy {
 public:
  explicit MyRetryPolicy(const RetryConfig& config) : config_(config) {}
  // The attempt number state.attempts ended with `outcome`: the delay before
  // the next, or nullopt to give up. Draw jitter from `random`.
  std::optional<double> next_delay(double /*now*/, RetryState& /*state*/, Outcome /*outcome*/, Random& /*random*/) override {
    todo("RetryPolicy::next_delay");
  }

 private:
  RetryConfig config_;
};

class MyBulkhead final : public Bulkhead {
 public:
  explicit MyBulkhead(const BulkheadConfig& config) : config_(config) {}
  Admission try_enter(double /*now*/) override { todo("Bulkhead::try_enter"); }
  bool on_leave(double /*now*/) override { todo("Bulkhead::on_leave"); }
  void on_give_up(double /*now*/) override { todo("Bulkhead::on_give_up"); }

 private:
  BulkheadConfig config_;
};

// Add RetryBudget, Timeout, HealthChecker, FallbackRegistry, Cache, AdaptiveThrottle and WorkerPools the same way.
class MyPatterns final : public PatternFactory {
 public:
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig& c) override {
    return std::make_unique<MyCircuitBreaker>(c);
  }
  std::unique_ptr<RetryPolicy> retry_policy(const RetryConfig& c) override { return std::make_unique<MyRetryPolicy>(c); }
  std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig& c) override { return std::make_unique<MyBulkhead>(c); }
  // How the patterns around one call nest, outermost first (the composition
  // tests play it): a reordering of `configured` (given in chaossim's
  // default order), or nullopt to keep it.
  std::optional<std::vector<PatternKind>> pipeline_order(const std::vector<PatternKind>& configured) override {
    return configured;
  }
};

}  // namespace

CHAOSSIM_SUBMISSION(MyPatterns)
