// The reference circuit breaker, driven at exact virtual times.
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "patterns/circuit_breaker.hpp"

using namespace chaossim::patterns;

namespace {

CircuitBreakerConfig count_config(int size, int minimum) {
  CircuitBreakerConfig c;
  c.window_kind = WindowKind::count;
  c.window_size = size;
  c.minimum_calls = minimum;
  c.failure_rate = 0.5;
  c.open_for_s = 5;
  c.open_max_s = 5;
  c.half_open_calls = 3;
  return c;
}

void fail(ReferenceCircuitBreaker& cb, double now, int times = 1) {
  for (int i = 0; i < times; ++i) {
    REQUIRE(cb.try_acquire(now));
    cb.on_failure(now, 0.01);
  }
}

void succeed(ReferenceCircuitBreaker& cb, double now, int times = 1, double latency = 0.01) {
  for (int i = 0; i < times; ++i) {
    REQUIRE(cb.try_acquire(now));
    cb.on_success(now, latency);
  }
}

}  // namespace

TEST_CASE("opens after minimum_calls failures at 100% failure rate") {
  ReferenceCircuitBreaker cb(count_config(10, 5));
  fail(cb, 0.0, 4);
  CHECK(cb.state(0.0) == CircuitState::closed);
  fail(cb, 0.0);
  CHECK(cb.state(0.0) == CircuitState::open);
}

TEST_CASE("stays closed while the failure rate is under the threshold") {
  ReferenceCircuitBreaker cb(count_config(10, 10));
  for (int i = 0; i < 100; ++i) {
    if (i % 10 < 4) fail(cb, i);  // 40% failures
    else succeed(cb, i);
  }
  CHECK(cb.state(100) == CircuitState::closed);
}

TEST_CASE("a failure rate exactly at the threshold trips as in Resilience4j") {
  ReferenceCircuitBreaker cb(count_config(4, 4));
  succeed(cb, 0, 2);
  fail(cb, 0, 2);
  CHECK(cb.state(0) == CircuitState::open);
}

TEST_CASE("rejects every call while open and lets exactly half_open_calls probes through after open_for") {
  ReferenceCircuitBreaker cb(count_config(10, 5));
  fail(cb, 1.0, 5);
  CHECK_FALSE(cb.try_acquire(1.0));
  CHECK_FALSE(cb.try_acquire(5.999));
  CHECK(cb.open_until() == Approx(6.0));
  CHECK(cb.state(6.0) == CircuitState::half_open);
  CHECK(cb.try_acquire(6.0));
  CHECK(cb.try_acquire(6.0));
  CHECK(cb.try_acquire(6.0));
  CHECK_FALSE(cb.try_acquire(6.0));  // concurrent probes beyond the limit are refused
  CHECK_FALSE(cb.try_acquire(7.0));
}

TEST_CASE("half-open closes when its probes succeed") {
  ReferenceCircuitBreaker cb(count_config(10, 5));
  fail(cb, 0, 5);
  succeed(cb, 5, 2);
  CHECK(cb.state(5) == CircuitState::half_open);
  succeed(cb, 5);
  CHECK(cb.state(5) == CircuitState::closed);
  // The closed window starts empty: four failures do not trip it again.
  fail(cb, 6, 4);
  CHECK(cb.state(6) == CircuitState::closed);
}

TEST_CASE("half-open reopens when its probes fail at the threshold") {
  ReferenceCircuitBreaker cb(count_config(10, 5));
  fail(cb, 0, 5);
  succeed(cb, 5);
  fail(cb, 5, 2);  // 2 of 3 probes failed: 67% >= 50%
  CHECK(cb.state(5) == CircuitState::open);
  CHECK(cb.open_until() == Approx(10));
}

TEST_CASE("the open duration grows by its multiplier on each reopening up to its cap and resets on close") {
  auto config = count_config(10, 1);
  config.half_open_calls = 1;
  config.open_for_s = 1;
  config.open_multiplier = 2;
  config.open_max_s = 5;
  ReferenceCircuitBreaker cb(config);
  double now = 0;
  const double expected[] = {1, 2, 4, 5, 5};
  for (double wait : expected) {
    fail(cb, now);  // trips, or fails the single probe
    CHECK(cb.open_until() - now == Approx(wait));
    now = cb.open_until();
  }
  CHECK(cb.consecutive_openings() == 5);
  succeed(cb, now);  // the probe succeeds: closed
  CHECK(cb.state(now) == CircuitState::closed);
  fail(cb, now);
  CHECK(cb.open_until() - now == Approx(1));
}

TEST_CASE("a window of one call trips on a single failure") {
  ReferenceCircuitBreaker cb(count_config(1, 1));
  succeed(cb, 0, 3);
  fail(cb, 0);
  CHECK(cb.state(0) == CircuitState::open);
}

TEST_CASE("minimum_calls larger than a count window is capped at the window size, as in Resilience4j") {
  ReferenceCircuitBreaker cb(count_config(5, 100));
  fail(cb, 0, 4);
  CHECK(cb.state(0) == CircuitState::closed);
  fail(cb, 0);
  CHECK(cb.state(0) == CircuitState::open);
}

TEST_CASE("a count window forgets calls older than its size") {
  ReferenceCircuitBreaker cb(count_config(4, 4));
  fail(cb, 0, 1);
  succeed(cb, 0, 3);  // 1 of 4 failed
  fail(cb, 0);        // the first failure leaves: still 1 of 4
  CHECK(cb.state(0) == CircuitState::closed);
  fail(cb, 0);        // 2 of 4
  CHECK(cb.state(0) == CircuitState::open);
}

TEST_CASE("a time window counts only the calls of its last seconds") {
  CircuitBreakerConfig c;
  c.window_kind = WindowKind::time;
  c.window_s = 10;
  c.minimum_calls = 4;
  c.failure_rate = 0.5;
  ReferenceCircuitBreaker cb(c);
  fail(cb, 0.5, 3);     // three failures in the bucket [0, 1)
  succeed(cb, 9.5, 1);  // 4 calls, 75% failed... at 9.5 s all four are in the window
  CHECK(cb.state(9.5) == CircuitState::open);

  ReferenceCircuitBreaker later(c);
  fail(later, 0.5, 3);
  succeed(later, 10.5, 1);  // the failures' bucket left the window at 10 s
  succeed(later, 10.6, 2);
  fail(later, 10.7, 1);     // 1 of 4 in the window
  CHECK(later.state(10.7) == CircuitState::closed);
}

TEST_CASE("slow calls trip the breaker at slow_call_rate") {
  auto c = count_config(10, 4);
  c.slow_call_rate = 0.5;
  c.slow_call_duration_s = 1.0;
  ReferenceCircuitBreaker cb(c);
  succeed(cb, 0, 2, 0.5);
  succeed(cb, 0, 1, 1.0);  // exactly the threshold is not slow
  CHECK(cb.state(0) == CircuitState::closed);
  succeed(cb, 0, 1, 2.0);
  succeed(cb, 0, 1, 3.0);  // 2 of the last 5... window 10: 2 slow of 5 = 40%
  CHECK(cb.state(0) == CircuitState::closed);
  succeed(cb, 0, 1, 3.0);  // 3 of 6 = 50%
  CHECK(cb.state(0) == CircuitState::open);
}

TEST_CASE("an observer hears every transition when it happens: closed, open, half-open, closed") {
  struct Log final : CircuitBreakerObserver {
    std::vector<std::tuple<double, CircuitState, CircuitState>> seen;
    void on_transition(double now, CircuitState from, CircuitState to) override { seen.emplace_back(now, from, to); }
  } log;
  auto config = count_config(10, 5);
  config.open_for_s = config.open_max_s = 1;
  config.half_open_calls = 1;
  ReferenceCircuitBreaker cb(config);
  REQUIRE(cb.observe(&log));
  fail(cb, 2, 5);                 // opens at 2 s, on the 5th failure
  CHECK_FALSE(cb.try_acquire(2.5));
  REQUIRE(cb.try_acquire(3.5));   // the first request after the wait half-opens
  cb.on_success(3.6, 0.1);        // its one probe succeeds: closed
  using S = CircuitState;
  REQUIRE(log.seen.size() == 3);
  CHECK(log.seen[0] == std::make_tuple(2.0, S::closed, S::open));
  CHECK(log.seen[1] == std::make_tuple(3.5, S::open, S::half_open));
  CHECK(log.seen[2] == std::make_tuple(3.6, S::half_open, S::closed));
  cb.force_open(4);
  CHECK(log.seen.back() == std::make_tuple(4.0, S::closed, S::forced_open));
}

TEST_CASE("forced open rejects everything and disabled permits everything") {
  ReferenceCircuitBreaker forced(count_config(10, 1));
  forced.force_open(0);
  CHECK_FALSE(forced.try_acquire(0));
  CHECK_FALSE(forced.try_acquire(1e9));
  CHECK(forced.state(1e9) == CircuitState::forced_open);

  ReferenceCircuitBreaker off(count_config(10, 1));
  off.disable(0);
  fail(off, 0, 100);
  CHECK(off.state(0) == CircuitState::disabled);
  off.reset(0);
  CHECK(off.state(0) == CircuitState::closed);
}

TEST_CASE("configurations are validated with a message naming the option") {
  CHECK(validate(CircuitBreakerConfig{}).empty());
  auto c = count_config(10, 5);
  c.failure_rate = 0;
  CHECK(describe(validate(c)) == "failure_rate: found 0, expected above 0 and at most 1");
  c = count_config(10, 5);
  c.open_max_s = 1;
  CHECK(describe(validate(c)) == "open_for.max: found max 1s below initial 5s, expected max >= initial");
  c = count_config(0, 5);
  CHECK(describe(validate(c)) == "window.size: found 0, expected at least 1 call");
  c = count_config(10, 5);
  c.successes_to_close = 4;
  CHECK(describe(validate(c)) ==
        "successes_to_close: found 4 above half_open_calls (3), expected at most as many successes as probes: it could never close");
}

// Polly v7's basic breaker ("CircuitBreaker(exceptionsAllowedBeforeBreaking: n, ...)",
// github.com/App-vNext/Polly/wiki/Circuit-Breaker) breaks after n consecutive
// handled exceptions; a success in between starts the count again.
TEST_CASE("a consecutive window of 5 opens on exactly the 5th failure in a row, and not after 4 failures and a success") {
  CircuitBreakerConfig c = count_config(5, 100);
  c.window_kind = WindowKind::consecutive;
  ReferenceCircuitBreaker cb(c);
  fail(cb, 0, 4);
  succeed(cb, 0);
  fail(cb, 0, 4);
  CHECK(cb.state(0) == CircuitState::closed);  // 8 of the last 9 failed, never 5 in a row
  fail(cb, 0);
  CHECK(cb.state(0) == CircuitState::open);
  // Rates, slow calls and minimum_calls play no part: 100 successes then 5 failures open it too.
  ReferenceCircuitBreaker again(c);
  succeed(again, 1, 100);
  fail(again, 1, 4);
  CHECK(again.state(1) == CircuitState::closed);
  fail(again, 1);
  CHECK(again.state(1) == CircuitState::open);
}

// With successes_to_close, half-open behaves as Polly's trial call and
// MicroProfile Fault Tolerance's `successThreshold`: that many successful
// probes close the circuit, and any failure among them opens it again at once.
TEST_CASE("successes_to_close: half-open closes on the k-th success and reopens on the first failure") {
  CircuitBreakerConfig c = count_config(10, 5);
  c.successes_to_close = 3;
  c.half_open_calls = 3;
  ReferenceCircuitBreaker cb(c);
  fail(cb, 0, 5);
  REQUIRE(cb.state(5) == CircuitState::half_open);
  succeed(cb, 5, 2);
  CHECK(cb.state(5) == CircuitState::half_open);
  succeed(cb, 5);
  CHECK(cb.state(5) == CircuitState::closed);

  ReferenceCircuitBreaker reopened(c);
  fail(reopened, 0, 5);
  succeed(reopened, 5, 2);
  fail(reopened, 5);  // one failure, with a probe still unanswered: open again
  CHECK(reopened.state(5) == CircuitState::open);
  CHECK(reopened.open_until() == Approx(10));
  // Half-open again after open_for: the count of successes starts over.
  succeed(reopened, 10, 2);
  CHECK(reopened.state(10) == CircuitState::half_open);
  succeed(reopened, 10);
  CHECK(reopened.state(10) == CircuitState::closed);
}

TEST_CASE("a consecutive window and successes_to_close together: the practitioner's \"open after 5 failures in a row, close after 3 good probes\"") {
  CircuitBreakerConfig c;
  c.window_kind = WindowKind::consecutive;
  c.window_size = 5;
  c.open_for_s = c.open_max_s = 30;
  c.successes_to_close = c.half_open_calls = 3;
  ReferenceCircuitBreaker cb(c);
  fail(cb, 0, 5);
  CHECK(cb.state(29.9) == CircuitState::open);
  CHECK_FALSE(cb.try_acquire(29.9));
  succeed(cb, 30, 3);
  CHECK(cb.state(30) == CircuitState::closed);
  fail(cb, 31, 4);  // a closed breaker's streak starts empty
  CHECK(cb.state(31) == CircuitState::closed);
}
