#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "patterns/circuit_breaker.hpp"
#include "patterns/retry.hpp"

using namespace chaossim::patterns;

// The patterns take time and randomness from the caller: here, a real clock.
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct SystemRandom : Random {
  std::mt19937_64 engine{std::random_device{}()};
  double uniform() override { return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53; }
};

bool flaky_call() { return false; }  // stands for a real remote call that keeps failing

int main() {
  CircuitBreakerConfig breaker_config;
  breaker_config.window_size = 10;
  breaker_config.minimum_calls = 5;
  ReferenceCircuitBreaker breaker(breaker_config);
  RetryConfig retry_config;
  retry_config.backoff = {BackoffKind::exponential, 0.001, 2, 0.01};
  ReferenceRetryPolicy retry(retry_config);
  SystemRandom random;

  int calls = 0, refused = 0;
  for (int request = 0; request < 10; ++request) {
    RetryState state;
    while (true) {
      if (!breaker.try_acquire(now())) { ++refused; break; }
      const double start = now();
      const bool ok = flaky_call();
      ++calls;
      ok ? breaker.on_success(now(), now() - start) : breaker.on_failure(now(), now() - start);
      const auto delay = ok ? std::nullopt : retry.next_delay(now(), state, Outcome::error, random);
      if (!delay) break;
      std::this_thread::sleep_for(std::chrono::duration<double>(*delay));
    }
  }
  std::printf("calls=%d refused=%d state=%s\n", calls, refused, std::string(name_of(breaker.state(now()))).c_str());
  return calls == 5 && refused == 9 ? 0 : 1;  // the 5th failure opens the breaker; all later calls are refused
}
