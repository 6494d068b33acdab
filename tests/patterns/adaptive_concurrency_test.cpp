// The adaptive concurrency limiter, state by state, against Netflix
// concurrency-limits' AIMDLimit: +1 per window of `limit` successes, x ratio
// (rounded down, floored at min_limit) on a drop, errors ignored.
#include <catch2/catch.hpp>

#include "patterns/adaptive_concurrency.hpp"

using namespace chaossim::patterns;

namespace {

AdaptiveConcurrencyConfig limits(int initial, int min, int max) {
  AdaptiveConcurrencyConfig c;
  c.initial_limit = initial;
  c.min_limit = min;
  c.max_limit = max;
  c.latency_threshold_s = 0.5;
  return c;
}

// Fills the limiter to its limit; true when exactly `limit` calls were let through.
bool fill(AdaptiveConcurrencyLimiter& l) {
  int admitted = 0;
  while (l.try_acquire(0)) ++admitted;
  return admitted == l.limit();
}

}  // namespace

TEST_CASE("given limit 3 in flight, a fourth call is refused until one ends") {
  AdaptiveConcurrencyLimiter l(limits(3, 1, 10));
  CHECK(fill(l));
  CHECK(l.in_flight() == 3);
  CHECK_FALSE(l.try_acquire(0));
  l.on_result(0.1, Outcome::error, 0.1);
  CHECK(l.try_acquire(0.1));
}

TEST_CASE("the limit grows by one after a window of `limit` successes, not before") {
  AdaptiveConcurrencyLimiter l(limits(4, 1, 10));
  for (int i = 0; i < 3; ++i) {
    REQUIRE(l.try_acquire(0));
    l.on_result(0.1, Outcome::success, 0.1);
  }
  CHECK(l.limit() == 4);
  REQUIRE(l.try_acquire(0));
  l.on_result(0.1, Outcome::success, 0.1);
  CHECK(l.limit() == 5);
  // The next window is one longer: five successes for the step to 6.
  for (int i = 0; i < 4; ++i) {
    REQUIRE(l.try_acquire(0));
    l.on_result(0.2, Outcome::success, 0.1);
  }
  CHECK(l.limit() == 5);
  REQUIRE(l.try_acquire(0));
  l.on_result(0.2, Outcome::success, 0.1);
  CHECK(l.limit() == 6);
}

TEST_CASE("a timeout multiplies the limit by backoff_ratio, rounded down") {
  AdaptiveConcurrencyLimiter l(limits(20, 1, 100));
  REQUIRE(l.try_acquire(0));
  l.on_result(1, Outcome::timeout, 1);
  CHECK(l.limit() == 18);  // floor(20 x 0.9)
  REQUIRE(l.try_acquire(1));
  l.on_result(2, Outcome::unavailable, 0.01);
  CHECK(l.limit() == 16);  // floor(18 x 0.9) = floor(16.2)
}

TEST_CASE("a success slower than latency_threshold is a drop") {
  AdaptiveConcurrencyLimiter l(limits(10, 1, 100));
  REQUIRE(l.try_acquire(0));
  l.on_result(0.5, Outcome::success, 0.5);  // at the threshold: still a success
  CHECK(l.limit() == 10);
  REQUIRE(l.try_acquire(0.5));
  l.on_result(1.1, Outcome::success, 0.6);
  CHECK(l.limit() == 9);
}

TEST_CASE("a drop restarts the window of successes") {
  AdaptiveConcurrencyLimiter l(limits(3, 1, 10));
  for (int i = 0; i < 2; ++i) {
    REQUIRE(l.try_acquire(0));
    l.on_result(0.1, Outcome::success, 0.1);
  }
  REQUIRE(l.try_acquire(0));
  l.on_result(0.1, Outcome::timeout, 0.1);
  CHECK(l.limit() == 2);  // floor(3 x 0.9)
  REQUIRE(l.try_acquire(0));
  l.on_result(0.1, Outcome::success, 0.1);
  CHECK(l.limit() == 2);  // one success of the new window of two
}

TEST_CASE("errors release the slot and neither grow nor cut the limit") {
  AdaptiveConcurrencyLimiter l(limits(2, 1, 10));
  for (int i = 0; i < 10; ++i) {
    REQUIRE(l.try_acquire(0));
    l.on_result(0.1, Outcome::error, 0.1);
  }
  CHECK(l.limit() == 2);
  CHECK(l.in_flight() == 0);
}

TEST_CASE("the limit stays between min_limit and max_limit") {
  AdaptiveConcurrencyLimiter low(limits(2, 2, 3));
  REQUIRE(low.try_acquire(0));
  low.on_result(0, Outcome::timeout, 0);
  CHECK(low.limit() == 2);
  AdaptiveConcurrencyLimiter high(limits(3, 1, 3));
  for (int i = 0; i < 10; ++i) {
    REQUIRE(high.try_acquire(0));
    high.on_result(0, Outcome::success, 0);
  }
  CHECK(high.limit() == 3);
}

TEST_CASE("validate names the field at fault") {
  CHECK(validate(AdaptiveConcurrencyConfig{}).empty());
  auto c = limits(5, 10, 8);
  c.backoff_ratio = 1;
  const auto problems = validate(c);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].field == "max_limit");
  CHECK(problems[1].field == "initial_limit");
  CHECK(problems[2].field == "backoff_ratio");
  CHECK(problems[2].message == "found 1, expected above 0 and below 1");
}
