#include <catch2/catch.hpp>

#include "patterns/rate_limiter.hpp"

using namespace chaossim::patterns;

TEST_CASE("a token bucket permits its burst at once then its rate") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::token_bucket;
  c.rate_per_s = 10;
  c.burst = 3;
  ReferenceRateLimiter limiter(c);
  CHECK(limiter.try_acquire(0).permitted);
  CHECK(limiter.try_acquire(0).permitted);
  CHECK(limiter.try_acquire(0).permitted);
  const auto refused = limiter.try_acquire(0);
  CHECK_FALSE(refused.permitted);
  CHECK(refused.retry_after_s == Approx(0.1));
  CHECK_FALSE(limiter.try_acquire(0.05).permitted);
  CHECK(limiter.try_acquire(0.1).permitted);
  // A long pause refills up to the burst, not beyond.
  int permitted = 0;
  for (int i = 0; i < 10; ++i) permitted += limiter.try_acquire(100).permitted;
  CHECK(permitted == 3);
}

TEST_CASE("a token bucket at half the arrival rate permits every other call even when times are summed in binary") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::token_bucket;
  c.rate_per_s = 50;
  c.burst = 1;
  ReferenceRateLimiter limiter(c);
  int permitted = 0;
  double now = 0;
  for (int i = 0; i < 1000; ++i) {
    now += 0.01;  // 0.01 has no exact binary form: the sum drifts below i / 100
    permitted += limiter.try_acquire(now).permitted;
  }
  CHECK(permitted == 500);
}

TEST_CASE("a sliding window permits at most limit calls in any window") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::sliding_window;
  c.limit = 3;
  c.window_s = 1.0;
  ReferenceRateLimiter limiter(c);
  CHECK(limiter.try_acquire(0.0).permitted);
  CHECK(limiter.try_acquire(0.2).permitted);
  CHECK(limiter.try_acquire(0.4).permitted);
  const auto refused = limiter.try_acquire(0.5);
  CHECK_FALSE(refused.permitted);
  CHECK(refused.retry_after_s == Approx(0.5));  // when the call at 0.0 leaves
  CHECK(limiter.try_acquire(1.0).permitted);
  CHECK_FALSE(limiter.try_acquire(1.1).permitted);
  CHECK(limiter.try_acquire(1.2).permitted);
}

TEST_CASE("rate limiter configurations are validated") {
  RateLimiterConfig c;
  CHECK(validate(c).empty());
  c.rate_per_s = 0;
  CHECK(describe(validate(c)) == "rate: found 0/s, expected above 0/s");
}
