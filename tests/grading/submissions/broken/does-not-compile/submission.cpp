// A submission with a type error: the compiler's message is its feedback.
#include "patterns/submission.hpp"

namespace {

class Breaker final : public chaossim::patterns::CircuitBreaker {
 public:
  bool try_acquire(double now) override { return now; }
  void on_success(double, double) override {}
  void on_failure(double, double latency_s) override { failures_ += latency_s.count(); }
  chaossim::patterns::CircuitState state(double) override { return chaossim::patterns::CircuitState::closed; }

 private:
  int failures_ = 0;
};

class Patterns final : public chaossim::patterns::PatternFactory {
 public:
  std::unique_ptr<chaossim::patterns::CircuitBreaker> circuit_breaker(const chaossim::patterns::CircuitBreakerConfig&) override {
    return std::make_unique<Breaker>();
  }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
