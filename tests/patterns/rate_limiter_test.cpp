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

TEST_CASE("a sliding window counter weighs the previous window by its overlap, as Cloudflare's does") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::sliding_window_counter;
  c.limit = 10;
  c.window_s = 1.0;
  ReferenceRateLimiter limiter(c);
  // Window [0, 1): 10 calls fill it.
  for (int i = 0; i < 10; ++i) CHECK(limiter.try_acquire(0.1 * i).permitted);
  const auto full = limiter.try_acquire(0.95);
  CHECK_FALSE(full.permitted);
  // In [1, 2) the estimate is 10 x (1 - into) + calls so far: one fits once
  // 10 x (1 - into) <= 9, at 1.1.
  CHECK(full.retry_after_s == Approx(0.15));
  CHECK_FALSE(limiter.try_acquire(1.05).permitted);  // 9.5 + 1 > 10
  CHECK(limiter.try_acquire(1.1).permitted);         // 9 + 1 <= 10
  CHECK_FALSE(limiter.try_acquire(1.15).permitted);  // 8.5 + 1 + 1 > 10
  const auto refused = limiter.try_acquire(1.19);
  CHECK_FALSE(refused.permitted);
  CHECK(refused.retry_after_s == Approx(0.01));  // 10 x (1 - 0.2) + 1 + 1 = 10 at 1.2
  CHECK(limiter.try_acquire(1.2).permitted);
  // A window skipped entirely forgets everything.
  for (int i = 0; i < 10; ++i) CHECK(limiter.try_acquire(5.5).permitted);
  CHECK_FALSE(limiter.try_acquire(5.5).permitted);
}

TEST_CASE("a leaky bucket lets calls go at a constant pace and holds at most its capacity waiting") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::leaky_bucket;
  c.rate_per_s = 10;  // one every 0.1 s
  c.capacity = 2;
  ReferenceRateLimiter limiter(c);
  const auto first = limiter.try_acquire(0);
  CHECK(first.permitted);
  CHECK(first.delay_s == 0);  // an empty bucket lets it go at once
  const auto second = limiter.try_acquire(0);
  CHECK(second.permitted);
  CHECK(second.delay_s == Approx(0.1));
  const auto third = limiter.try_acquire(0);
  CHECK(third.permitted);
  CHECK(third.delay_s == Approx(0.2));
  // Two wait: the bucket is full until the first of them goes, at 0.1.
  const auto refused = limiter.try_acquire(0.05);
  CHECK_FALSE(refused.permitted);
  CHECK(refused.retry_after_s == Approx(0.05));
  const auto fourth = limiter.try_acquire(0.1);
  CHECK(fourth.permitted);
  CHECK(fourth.delay_s == Approx(0.2));  // goes at 0.3, after the one at 0.2
  // After a pause it is empty again.
  const auto later = limiter.try_acquire(10);
  CHECK(later.permitted);
  CHECK(later.delay_s == 0);
}

TEST_CASE("a leaky bucket of capacity 0 permits only the calls that can go at once") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::leaky_bucket;
  c.rate_per_s = 4;
  c.capacity = 0;
  ReferenceRateLimiter limiter(c);
  CHECK(limiter.try_acquire(0).permitted);
  const auto refused = limiter.try_acquire(0.1);
  CHECK_FALSE(refused.permitted);
  CHECK(refused.retry_after_s == Approx(0.15));
  CHECK(limiter.try_acquire(0.25).permitted);
  // At 100 calls/s offered, it passes its rate: 4 in each second.
  int permitted = 0;
  for (int i = 1; i <= 100; ++i) permitted += limiter.try_acquire(1 + 0.01 * i).permitted;
  CHECK(permitted == 4);
}

TEST_CASE("the leaky bucket and sliding window counter configurations are validated by kind") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::leaky_bucket;
  c.capacity = -1;
  CHECK(describe(validate(c)) == "capacity: found -1, expected at least 0");
  c.capacity = 0;
  c.rate_per_s = 0;
  CHECK(describe(validate(c)) == "rate: found 0/s, expected above 0/s");
  c.kind = RateLimiterKind::sliding_window_counter;
  c.window_s = 0;
  CHECK(describe(validate(c)) == "window: found 0s, expected longer than 0s");
}

TEST_CASE("with a share, a sliding window keeps the rest of its limit and says when room comes") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::sliding_window;
  c.limit = 4;
  c.window_s = 1.0;
  ReferenceRateLimiter limiter(c);
  CHECK(limiter.try_acquire(0.0, 0.5).permitted);
  CHECK(limiter.try_acquire(0.1, 0.5).permitted);
  const auto kept = limiter.try_acquire(0.2, 0.5);  // 2 of 4 in the window: the rest is kept
  CHECK_FALSE(kept.permitted);
  CHECK(kept.retry_after_s == Approx(0.8));  // the call at 0.0 leaves at 1.0
  CHECK(limiter.try_acquire(0.2).permitted);
  CHECK(limiter.try_acquire(0.3).permitted);
  CHECK_FALSE(limiter.try_acquire(0.4).permitted);
  // At 1.15 the calls at 0.0 and 0.1 are out: 2 in the window, none of them room for a half share.
  CHECK_FALSE(limiter.try_acquire(1.15, 0.5).permitted);
  CHECK(limiter.try_acquire(1.25, 0.5).permitted);  // 0.2 is out too: 1 in the window
  CHECK(limiter.try_acquire(1.25).permitted);
  CHECK(limiter.try_acquire(1.25).permitted);
  CHECK_FALSE(limiter.try_acquire(1.25).permitted);
}

TEST_CASE("with a share, a leaky bucket lets that share of its places be taken") {
  RateLimiterConfig c;
  c.kind = RateLimiterKind::leaky_bucket;
  c.rate_per_s = 10;
  c.capacity = 4;
  ReferenceRateLimiter limiter(c);
  CHECK(limiter.try_acquire(0, 0.5).delay_s == 0);
  CHECK(limiter.try_acquire(0, 0.5).permitted);   // waits: 1 of 2 places
  CHECK(limiter.try_acquire(0, 0.5).permitted);   // 2 of 2
  CHECK_FALSE(limiter.try_acquire(0, 0.5).permitted);
  CHECK(limiter.try_acquire(0).permitted);  // a full share finds 2 more
  CHECK(limiter.try_acquire(0).permitted);
  CHECK_FALSE(limiter.try_acquire(0).permitted);
}
