#include <cmath>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "patterns/retry.hpp"

using namespace chaossim::patterns;

namespace {

// Plays back given draws, then repeats the last.
class ScriptedRandom final : public Random {
 public:
  explicit ScriptedRandom(std::vector<double> draws) : draws_(std::move(draws)) {}
  double uniform() override { return draws_[std::min(next_++, draws_.size() - 1)]; }

 private:
  std::vector<double> draws_;
  std::size_t next_ = 0;
};

class SeededRandom final : public Random {
 public:
  explicit SeededRandom(unsigned seed) : engine_(seed) {}
  double uniform() override { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }

 private:
  std::mt19937_64 engine_;
};

RetryConfig config(BackoffKind kind, Jitter jitter, double initial, double multiplier, double max, int attempts = 10) {
  RetryConfig c;
  c.max_attempts = attempts;
  c.backoff = {kind, initial, multiplier, max};
  c.jitter = jitter;
  return c;
}

std::vector<double> delays(ReferenceRetryPolicy& policy, Random& random, Outcome outcome = Outcome::error) {
  std::vector<double> out;
  RetryState state;
  while (auto d = policy.next_delay(0, state, outcome, random)) out.push_back(*d);
  return out;
}

}  // namespace

TEST_CASE("gives up after max_attempts attempts in all") {
  ReferenceRetryPolicy policy(config(BackoffKind::fixed, Jitter::none, 0.01, 1, 1, 3));
  ScriptedRandom r({0.5});
  CHECK(delays(policy, r).size() == 2);  // attempts 2 and 3
  ReferenceRetryPolicy once(config(BackoffKind::fixed, Jitter::none, 0.01, 1, 1, 1));
  CHECK(delays(once, r).empty());
}

TEST_CASE("retries only the outcomes in retry_on and never a success") {
  auto c = config(BackoffKind::fixed, Jitter::none, 0.01, 1, 1, 3);
  c.retry_on = {Outcome::timeout};
  ReferenceRetryPolicy policy(c);
  ScriptedRandom r({0.5});
  RetryState s;
  CHECK_FALSE(policy.next_delay(0, s, Outcome::error, r));
  CHECK_FALSE(policy.next_delay(0, s, Outcome::success, r));
  CHECK_FALSE(policy.next_delay(0, s, Outcome::rejected, r));
  CHECK(policy.next_delay(0, s, Outcome::timeout, r));
  CHECK(s.attempts == 2);
}

TEST_CASE("fixed linear and exponential backoff grow as named and stop at the cap") {
  ScriptedRandom r({0.5});
  ReferenceRetryPolicy fixed(config(BackoffKind::fixed, Jitter::none, 0.1, 2, 10, 5));
  CHECK(delays(fixed, r) == std::vector<double>{0.1, 0.1, 0.1, 0.1});
  ReferenceRetryPolicy linear(config(BackoffKind::linear, Jitter::none, 0.1, 2, 0.35, 5));
  const auto l = delays(linear, r);
  REQUIRE(l.size() == 4);
  CHECK(l[0] == Approx(0.1));
  CHECK(l[1] == Approx(0.2));
  CHECK(l[2] == Approx(0.3));
  CHECK(l[3] == Approx(0.35));
  ReferenceRetryPolicy exponential(config(BackoffKind::exponential, Jitter::none, 0.05, 2, 0.5, 6));
  const auto e = delays(exponential, r);
  REQUIRE(e.size() == 5);
  CHECK(e[0] == Approx(0.05));
  CHECK(e[1] == Approx(0.1));
  CHECK(e[2] == Approx(0.2));
  CHECK(e[3] == Approx(0.4));
  CHECK(e[4] == Approx(0.5));
}

TEST_CASE("full jitter draws U(0 v) and equal jitter v/2 + U(0 v/2)") {
  ReferenceRetryPolicy full(config(BackoffKind::exponential, Jitter::full, 0.1, 2, 10, 3));
  ScriptedRandom r({0.25, 0.75});
  const auto f = delays(full, r);
  CHECK(f[0] == Approx(0.025));  // 0.25 x 0.1
  CHECK(f[1] == Approx(0.15));   // 0.75 x 0.2
  ReferenceRetryPolicy equal(config(BackoffKind::exponential, Jitter::equal, 0.1, 2, 10, 3));
  ScriptedRandom r2({0.0, 1.0});
  const auto q = delays(equal, r2);
  CHECK(q[0] == Approx(0.05));  // v/2
  CHECK(q[1] == Approx(0.2));   // v
}

TEST_CASE("decorrelated jitter draws min(cap U(base prev x 3))") {
  ReferenceRetryPolicy policy(config(BackoffKind::exponential, Jitter::decorrelated, 0.1, 2, 1.0, 5));
  ScriptedRandom r({1.0, 1.0, 1.0, 0.0});
  const auto d = delays(policy, r);
  CHECK(d[0] == Approx(0.3));  // U(0.1, 0.3) at its top
  CHECK(d[1] == Approx(0.9));  // U(0.1, 0.9)
  CHECK(d[2] == Approx(1.0));  // U(0.1, 2.7) capped
  CHECK(d[3] == Approx(0.1));  // the bottom is the base
}

TEST_CASE("over many samples each jitter stays in bounds and has the expected mean") {
  // v = 0.1 (first retry). Means: full v/2, equal 3v/4; sd of U(0, w) is w / sqrt(12).
  const int n = 20000;
  SeededRandom random(7);
  for (auto [jitter, lo, hi] : {std::tuple{Jitter::full, 0.0, 0.1}, std::tuple{Jitter::equal, 0.05, 0.1}}) {
    ReferenceRetryPolicy policy(config(BackoffKind::fixed, jitter, 0.1, 1, 1, 2));
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      RetryState s;
      const double d = *policy.next_delay(0, s, Outcome::error, random);
      REQUIRE(d >= lo);
      REQUIRE(d <= hi);
      sum += d;
    }
    const double mean = sum / n, expected = (lo + hi) / 2, sd = (hi - lo) / std::sqrt(12.0);
    CHECK(std::abs(mean - expected) < 4 * sd / std::sqrt(static_cast<double>(n)));
  }
}

TEST_CASE("proportional jitter multiplies the backoff by U(1 - fraction, 1 + fraction)") {
  auto c = config(BackoffKind::exponential, Jitter::proportional, 0.1, 2, 10, 4);
  c.jitter_fraction = 0.5;
  ReferenceRetryPolicy policy(c);
  ScriptedRandom r({0.0, 1.0, 0.5});
  const auto d = delays(policy, r);
  CHECK(d[0] == Approx(0.05));  // 0.1 x 0.5
  CHECK(d[1] == Approx(0.3));   // 0.2 x 1.5
  CHECK(d[2] == Approx(0.4));   // 0.4 x 1
  // Over many draws: within [v (1 - f), v (1 + f)], mean v, sd v f / sqrt(3).
  const int n = 20000;
  SeededRandom random(11);
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    RetryState s;
    const double x = *policy.next_delay(0, s, Outcome::error, random);
    REQUIRE(x >= 0.05);
    REQUIRE(x <= 0.15);
    sum += x;
  }
  CHECK(std::abs(sum / n - 0.1) < 4 * (0.1 * 0.5 / std::sqrt(3.0)) / std::sqrt(static_cast<double>(n)));
  c.jitter_fraction = 1.5;
  CHECK(describe(validate(c)) == "jitter.fraction: found 1.5, expected between 0 and 1");
}

TEST_CASE("a retry budget allows ratio x requests retries and counts what it refuses") {
  ReferenceRetryBudget budget({0.1, 0});
  for (int i = 0; i < 100; ++i) budget.on_request(0.5);
  int allowed = 0;
  for (int i = 0; i < 20; ++i) allowed += budget.try_withdraw(0.5);
  CHECK(allowed == 10);
  CHECK(budget.rejections() == 10);
}

TEST_CASE("a retry budget keeps min_per_second retries available without requests") {
  ReferenceRetryBudget budget({0.1, 2});
  int allowed = 0;
  for (int i = 0; i < 30; ++i) allowed += budget.try_withdraw(1.0);
  CHECK(allowed == 20);  // 2/s over the 10 s window
}

TEST_CASE("a retry budget refills as its window slides past old retries") {
  ReferenceRetryBudget budget({0.5, 0});
  for (int i = 0; i < 4; ++i) budget.on_request(0.0);
  CHECK(budget.try_withdraw(0.0));
  CHECK(budget.try_withdraw(0.0));
  CHECK_FALSE(budget.try_withdraw(0.0));  // exhausted
  for (int i = 0; i < 4; ++i) budget.on_request(5.0);
  CHECK(budget.balance(5.0) == Approx(2));  // 0.5 x 8 - 2
  CHECK(budget.balance(10.5) == Approx(2));  // the first slice left: 0.5 x 4 - 0
  CHECK(budget.balance(15.5) == Approx(0));  // everything left
}

TEST_CASE("retry configurations are validated") {
  CHECK(validate(RetryConfig{}).empty());
  auto c = config(BackoffKind::exponential, Jitter::none, 1, 2, 0.5);
  CHECK(describe(validate(c)) == "backoff.max: found max 0.5s below initial 1s, expected max >= initial");
  c = config(BackoffKind::exponential, Jitter::none, 0.1, 2, 1, 0);
  CHECK(describe(validate(c)) == "max_attempts: found 0, expected at least 1");
}

TEST_CASE("an overloaded answer is retried by default, never sooner than the Retry-After it carries") {
  // RFC 9110 10.2.3: Retry-After is how long the user agent ought to wait;
  // gRPC's retry pushback likewise replaces a shorter backoff.
  const RetryConfig c = config(BackoffKind::fixed, Jitter::none, 0.1, 1, 1, 3);
  ReferenceRetryPolicy policy(c);
  ScriptedRandom r({0.5});
  RetryState s;
  const auto delay = policy.next_delay(0, s, Outcome::overloaded, r);
  REQUIRE(delay);
  CallResult hinted{Outcome::overloaded};
  hinted.retry_after_s = 2.5;
  CHECK(honouring_retry_after(c, *delay, hinted) == 2.5);
  hinted.retry_after_s = 0.05;  // shorter than the backoff: the backoff stands
  CHECK(honouring_retry_after(c, *delay, hinted) == 0.1);
  CHECK(honouring_retry_after(c, *delay, CallResult{Outcome::overloaded}) == 0.1);  // no hint
  RetryConfig ignoring = c;
  ignoring.honour_retry_after = false;
  hinted.retry_after_s = 2.5;
  CHECK(honouring_retry_after(ignoring, *delay, hinted) == 0.1);
}
