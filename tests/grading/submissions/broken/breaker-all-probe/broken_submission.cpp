// The reference patterns behind their locks (the test copies patterns/*.cpp
// and locked_patterns.hpp in), but a breaker that counts its half-open probes
// itself and checks the count in one step, takes a probe in another and
// counts it in a third. Each step is atomic or locked, so ThreadSanitizer
// sees no data race; one call at a time it is right; but threads that ask
// at once all pass the check before any has counted, and all of them probe.
#include <atomic>

#include "locked_patterns.hpp"

namespace {

using namespace chaossim::patterns;

class EveryoneProbes final : public CircuitBreaker {
 public:
  explicit EveryoneProbes(const CircuitBreakerConfig& c)
      : inner_(std::make_unique<ReferenceCircuitBreaker>(c)), probes_(c.half_open_calls) {}

  bool try_acquire(double now) override {
    if (state(now) != CircuitState::half_open) {
      std::lock_guard lock(mutex_);
      return inner_->try_acquire(now);
    }
    if (probes_out_.load() >= probes_) return false;
    {
      std::lock_guard lock(mutex_);
      (void)inner_->try_acquire(now);
    }
    probes_out_.fetch_add(1);
    return true;
  }
  void on_success(double now, double latency_s) override {
    std::lock_guard lock(mutex_);
    inner_->on_success(now, latency_s);
  }
  void on_failure(double now, double latency_s) override {
    std::lock_guard lock(mutex_);
    inner_->on_failure(now, latency_s);
  }
  CircuitState state(double now) override {
    std::lock_guard lock(mutex_);
    const CircuitState state = inner_->state(now);
    if (state != CircuitState::half_open) probes_out_ = 0;
    return state;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<ReferenceCircuitBreaker> inner_;
  const int probes_;
  std::atomic<int> probes_out_{0};
};

class Patterns final : public reference_submission::LockedReferenceFactory {
 public:
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig& c) override {
    return std::make_unique<EveryoneProbes>(c);
  }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
