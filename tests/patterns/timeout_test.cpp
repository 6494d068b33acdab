#include <catch2/catch.hpp>

#include "patterns/timeout.hpp"

using namespace chaossim::patterns;

namespace {
TimeoutConfig adaptive(double quantile, double multiplier, double min_s, double max_s) {
  TimeoutConfig c;
  c.adaptive = AdaptiveTimeoutConfig{quantile, multiplier, min_s, max_s, std::nullopt};
  return c;
}
}  // namespace

TEST_CASE("a fixed timeout is its after value whatever happens") {
  TimeoutConfig c;
  c.after_s = 0.25;
  ReferenceTimeout t(c);
  for (int i = 0; i < 100; ++i) t.on_result(i, 5.0, true);
  CHECK(t.timeout_s(100) == 0.25);
}

TEST_CASE("an adaptive timeout waits its initial value until it has seen enough answered calls") {
  ReferenceTimeout t(adaptive(0.95, 1.5, 0.001, 2.0));
  CHECK(t.timeout_s(0) == 1.0);  // no initial given: 1 s, within [min, max]
  for (std::size_t i = 0; i + 1 < ReferenceTimeout::minimum_samples; ++i) t.on_result(0, 0.010, false);
  CHECK(t.timeout_s(0) == 1.0);
  t.on_result(0, 0.010, false);
  CHECK(t.timeout_s(0) == Approx(0.015));  // p95 of 10 ms, x 1.5
}

TEST_CASE("an adaptive timeout is a quantile of recent latencies times the multiplier") {
  ReferenceTimeout t(adaptive(0.9, 2.0, 0.001, 10.0));
  // Latencies 1..100 ms, repeated: the 90th percentile is 90 ms.
  for (int round = 0; round < 3; ++round)
    for (int ms = 1; ms <= 100; ++ms) t.on_result(0, ms / 1000.0, false);
  // The last 256 samples hold 1..100 ms nearly evenly.
  CHECK(t.timeout_s(0) == Approx(0.180).epsilon(0.03));
}

TEST_CASE("an adaptive timeout is clamped to its bounds and follows a change in latency") {
  ReferenceTimeout t(adaptive(0.5, 1.0, 0.020, 0.5));
  for (int i = 0; i < 300; ++i) t.on_result(0, 0.001, false);
  CHECK(t.timeout_s(0) == 0.020);  // min
  for (int i = 0; i < 300; ++i) t.on_result(0, 0.1, false);
  CHECK(t.timeout_s(0) == Approx(0.1));  // the old fast calls have left the window
  for (int i = 0; i < 300; ++i) t.on_result(0, 3.0, false);
  CHECK(t.timeout_s(0) == 0.5);  // max
}

TEST_CASE("calls the timeout cut are not samples: an outage does not ratchet it up") {
  ReferenceTimeout t(adaptive(0.5, 1.5, 0.001, 60.0));
  for (int i = 0; i < 256; ++i) t.on_result(0, 0.1, false);
  CHECK(t.timeout_s(0) == Approx(0.15));
  // A partition: every call is cut, at whatever the timeout is.
  for (int i = 0; i < 10000; ++i) t.on_result(0, t.timeout_s(0), true);
  CHECK(t.timeout_s(0) == Approx(0.15));
}

TEST_CASE("the initial value is clamped by default and validated when given") {
  CHECK(ReferenceTimeout(adaptive(0.5, 1.0, 0.001, 0.5)).timeout_s(0) == 0.5);  // 1 s above max
  CHECK(ReferenceTimeout(adaptive(0.5, 1.0, 2.0, 5.0)).timeout_s(0) == 2.0);    // 1 s below min
  auto c = adaptive(0.5, 1.0, 0.010, 5.0);
  c.adaptive->initial_s = 0.2;
  CHECK(ReferenceTimeout(c).timeout_s(0) == 0.2);
  c.adaptive->initial_s = 9.0;
  CHECK(describe(validate(c)) == "adaptive.initial: found 9s, expected between min 0.01s and max 5s");
}

TEST_CASE("timeout configurations are validated") {
  CHECK(validate(TimeoutConfig{}).empty());
  CHECK(describe(validate(adaptive(0.95, 1.5, 0.5, 0.1))) == "adaptive.max: found max 0.1s below min 0.5s, expected max >= min");
  TimeoutConfig zero;
  zero.after_s = 0;
  CHECK(describe(validate(zero)) == "after: found 0s, expected longer than 0s");
}
