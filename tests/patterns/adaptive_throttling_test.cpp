// Client-side adaptive throttling as the SRE book's "Handling Overload"
// defines it: reject locally with probability
// max(0, (requests - K x accepts) / (requests + 1)) over a window.
#include <catch2/catch.hpp>

#include "patterns/adaptive_throttling.hpp"

using namespace chaossim::patterns;

TEST_CASE("a client whose requests are all accepted never rejects") {
  ReferenceAdaptiveThrottle throttle(AdaptiveThrottlingConfig{});
  for (int i = 0; i < 1000; ++i) {
    const double now = i * 0.01;
    REQUIRE(throttle.try_send(now, 0.0));  // the most rejecting draw
    throttle.on_result(now, Outcome::success);
  }
  CHECK(throttle.reject_probability(10) == 0);
}

TEST_CASE("the probability is (requests - K x accepts) / (requests + 1) over the window") {
  AdaptiveThrottlingConfig c;
  c.k = 2;
  c.window_s = 60;
  ReferenceAdaptiveThrottle throttle(c);
  // 10 requests, 3 accepted: (10 - 6) / 11.
  for (int i = 0; i < 10; ++i) {
    REQUIRE(throttle.try_send(1, 0.999));
    throttle.on_result(1, i < 3 ? Outcome::success : Outcome::overloaded);
  }
  CHECK(throttle.reject_probability(1) == Approx(4.0 / 11));
  // A draw under it is rejected locally, and counts as a request: (11 - 6) / 12.
  CHECK_FALSE(throttle.try_send(2, 0.3));
  CHECK(throttle.reject_probability(2) == Approx(5.0 / 12));
  CHECK(throttle.try_send(2, 0.5));
  // Errors are accepts (the backend did the work); a timeout, a refusal or a shed are not.
  throttle.on_result(2, Outcome::error);
  CHECK(throttle.reject_probability(2) == Approx((12.0 - 8) / 13));
  for (Outcome o : {Outcome::timeout, Outcome::unavailable, Outcome::rejected, Outcome::overloaded})
    CHECK_FALSE(AdaptiveThrottle::accepted(o));
}

TEST_CASE("the counts leave the window: a client forgets an overload a window later") {
  AdaptiveThrottlingConfig c;
  c.window_s = 60;
  ReferenceAdaptiveThrottle throttle(c);
  for (int i = 0; i < 100; ++i) {
    throttle.try_send(0, 0.999);
    throttle.on_result(0, Outcome::overloaded);
  }
  CHECK(throttle.reject_probability(30) == Approx(100.0 / 101));
  CHECK(throttle.reject_probability(61) == 0);
}

TEST_CASE("adaptive throttling configurations are validated") {
  AdaptiveThrottlingConfig c;
  CHECK(validate(c).empty());
  c.k = 0.5;
  CHECK_THAT(describe(validate(c)), Catch::StartsWith("k: found 0.5, expected at least 1"));
  c.k = 2;
  c.window_s = 0;
  CHECK(describe(validate(c)) == "window: found 0s, expected longer than 0s");
}
