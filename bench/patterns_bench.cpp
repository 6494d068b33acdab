// The cost of one decision of each pattern (Google Benchmark). Targets: under
// 50 ns per decision for the circuit breaker and retry, no heap allocation.
#include <benchmark/benchmark.h>

#include "patterns/bulkhead.hpp"
#include "patterns/circuit_breaker.hpp"
#include "patterns/rate_limiter.hpp"
#include "patterns/retry.hpp"
#include "patterns/timeout.hpp"

using namespace chaossim::patterns;

namespace {

class CheapRandom final : public Random {
 public:
  double uniform() override {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return (static_cast<double>(state_ >> 11) + 0.5) * 0x1.0p-53;
  }

 private:
  unsigned long long state_ = 1;
};

void circuit_breaker_count_window(benchmark::State& state) {
  CircuitBreakerConfig c;
  ReferenceCircuitBreaker breaker(c);
  double now = 0;
  for (auto _ : state) {
    now += 0.001;
    if (breaker.try_acquire(now)) breaker.on_success(now, 0.01);
  }
}
BENCHMARK(circuit_breaker_count_window);

void circuit_breaker_time_window(benchmark::State& state) {
  CircuitBreakerConfig c;
  c.window_kind = WindowKind::time;
  c.window_s = 10;
  ReferenceCircuitBreaker breaker(c);
  double now = 0;
  for (auto _ : state) {
    now += 0.001;
    if (breaker.try_acquire(now)) breaker.on_success(now, 0.01);  // stays closed: the full path
  }
}
BENCHMARK(circuit_breaker_time_window);

void retry_next_delay(benchmark::State& state) {
  RetryConfig c;
  c.max_attempts = 1000000;
  c.jitter = Jitter::full;
  ReferenceRetryPolicy retry(c);
  CheapRandom random;
  RetryState s;
  for (auto _ : state) {
    if (s.attempts > 10) s = RetryState{};
    benchmark::DoNotOptimize(retry.next_delay(0, s, Outcome::timeout, random));
  }
}
BENCHMARK(retry_next_delay);

void retry_budget(benchmark::State& state) {
  ReferenceRetryBudget budget({0.1, 10});
  double now = 0;
  for (auto _ : state) {
    now += 0.001;
    budget.on_request(now);
    benchmark::DoNotOptimize(budget.try_withdraw(now));
  }
}
BENCHMARK(retry_budget);

void adaptive_timeout(benchmark::State& state) {
  TimeoutConfig c;
  c.adaptive = AdaptiveTimeoutConfig{};
  ReferenceTimeout timeout(c);
  double now = 0;
  for (auto _ : state) {
    now += 0.001;
    timeout.on_result(now, 0.01 + 0.001 * static_cast<double>(static_cast<long>(now * 1000) % 7), false);
    benchmark::DoNotOptimize(timeout.timeout_s(now));
  }
}
BENCHMARK(adaptive_timeout);

void bulkhead_enter_leave(benchmark::State& state) {
  ReferenceBulkhead bulkhead({10, 10, 0.1});
  for (auto _ : state) {
    if (bulkhead.try_enter(0) == Admission::admitted) bulkhead.on_leave(0);
  }
}
BENCHMARK(bulkhead_enter_leave);

void rate_limiter_token_bucket(benchmark::State& state) {
  RateLimiterConfig c;
  c.rate_per_s = 1e6;
  c.burst = 10;
  ReferenceRateLimiter limiter(c);
  double now = 0;
  for (auto _ : state) {
    now += 1e-6;
    benchmark::DoNotOptimize(limiter.try_acquire(now));
  }
}
BENCHMARK(rate_limiter_token_bucket);

}  // namespace

BENCHMARK_MAIN();
