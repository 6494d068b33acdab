// The reference patterns (the test copies patterns/*.cpp and the reference's locked_patterns.hpp in), but the circuit
// breaker writes through a null pointer once virtual time reaches 10 s.
#include "locked_patterns.hpp"

namespace {

using namespace chaossim::patterns;

class CrashingBreaker final : public CircuitBreaker {
 public:
  explicit CrashingBreaker(const CircuitBreakerConfig& c) : inner_(c) {}
  bool try_acquire(double now) override {
    if (now >= 10) *nowhere_ = 1;
    return inner_.try_acquire(now);
  }
  void on_success(double now, double latency_s) override { inner_.on_success(now, latency_s); }
  void on_failure(double now, double latency_s) override { inner_.on_failure(now, latency_s); }
  CircuitState state(double now) override { return inner_.state(now); }

 private:
  ReferenceCircuitBreaker inner_;
  int* volatile nowhere_ = nullptr;
};

class Patterns final : public reference_submission::LockedReferenceFactory {
 public:
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig& c) override {
    return std::make_unique<reference_submission::LockedBreaker>(std::make_unique<CrashingBreaker>(c));
  }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
