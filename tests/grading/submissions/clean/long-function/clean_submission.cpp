// The reference patterns behind their locks (the test copies patterns/*.cpp and
// the reference's locked_patterns.hpp in), and a retry policy that keeps a
// plain-English account of its configuration for its logs. It behaves as the
// reference does; the account is one function of some 200 lines, which the
// design signals flag for the person who grades the design.
#include <string>

#include "locked_patterns.hpp"

namespace {

using namespace chaossim::patterns;

std::string account_of(const RetryConfig& c) {
  std::string text;
  if (c.max_attempts == 1) {
    text += "It makes at most 1 attempt, the first included";
    text += ", so it never retries. ";
  }
  if (c.max_attempts == 2) {
    text += "It makes at most 2 attempts, the first included";
    text += ", so it retries up to 1 time. ";
  }
  if (c.max_attempts == 3) {
    text += "It makes at most 3 attempts, the first included";
    text += ", so it retries up to 2 times. ";
  }
  if (c.max_attempts == 4) {
    text += "It makes at most 4 attempts, the first included";
    text += ", so it retries up to 3 times. ";
  }
  if (c.max_attempts == 5) {
    text += "It makes at most 5 attempts, the first included";
    text += ", so it retries up to 4 times. ";
  }
  if (c.max_attempts == 6) {
    text += "It makes at most 6 attempts, the first included";
    text += ", so it retries up to 5 times. ";
  }
  if (c.max_attempts == 7) {
    text += "It makes at most 7 attempts, the first included";
    text += ", so it retries up to 6 times. ";
  }
  if (c.max_attempts == 8) {
    text += "It makes at most 8 attempts, the first included";
    text += ", so it retries up to 7 times. ";
  }
  if (c.max_attempts == 9) {
    text += "It makes at most 9 attempts, the first included";
    text += ", so it retries up to 8 times. ";
  }
  if (c.max_attempts == 10) {
    text += "It makes at most 10 attempts, the first included";
    text += ", so it retries up to 9 times. ";
  }
  if (c.max_attempts == 11) {
    text += "It makes at most 11 attempts, the first included";
    text += ", so it retries up to 10 times. ";
  }
  if (c.max_attempts == 12) {
    text += "It makes at most 12 attempts, the first included";
    text += ", so it retries up to 11 times. ";
  }
  if (c.max_attempts == 13) {
    text += "It makes at most 13 attempts, the first included";
    text += ", so it retries up to 12 times. ";
  }
  if (c.max_attempts == 14) {
    text += "It makes at most 14 attempts, the first included";
    text += ", so it retries up to 13 times. ";
  }
  if (c.max_attempts == 15) {
    text += "It makes at most 15 attempts, the first included";
    text += ", so it retries up to 14 times. ";
  }
  if (c.max_attempts == 16) {
    text += "It makes at most 16 attempts, the first included";
    text += ", so it retries up to 15 times. ";
  }
  if (c.max_attempts == 17) {
    text += "It makes at most 17 attempts, the first included";
    text += ", so it retries up to 16 times. ";
  }
  if (c.max_attempts == 18) {
    text += "It makes at most 18 attempts, the first included";
    text += ", so it retries up to 17 times. ";
  }
  if (c.max_attempts == 19) {
    text += "It makes at most 19 attempts, the first included";
    text += ", so it retries up to 18 times. ";
  }
  if (c.max_attempts == 20) {
    text += "It makes at most 20 attempts, the first included";
    text += ", so it retries up to 19 times. ";
  }
  if (c.max_attempts == 21) {
    text += "It makes at most 21 attempts, the first included";
    text += ", so it retries up to 20 times. ";
  }
  if (c.max_attempts == 22) {
    text += "It makes at most 22 attempts, the first included";
    text += ", so it retries up to 21 times. ";
  }
  if (c.max_attempts == 23) {
    text += "It makes at most 23 attempts, the first included";
    text += ", so it retries up to 22 times. ";
  }
  if (c.max_attempts == 24) {
    text += "It makes at most 24 attempts, the first included";
    text += ", so it retries up to 23 times. ";
  }
  if (c.max_attempts == 25) {
    text += "It makes at most 25 attempts, the first included";
    text += ", so it retries up to 24 times. ";
  }
  if (c.max_attempts == 26) {
    text += "It makes at most 26 attempts, the first included";
    text += ", so it retries up to 25 times. ";
  }
  if (c.max_attempts == 27) {
    text += "It makes at most 27 attempts, the first included";
    text += ", so it retries up to 26 times. ";
  }
  if (c.max_attempts == 28) {
    text += "It makes at most 28 attempts, the first included";
    text += ", so it retries up to 27 times. ";
  }
  if (c.max_attempts == 29) {
    text += "It makes at most 29 attempts, the first included";
    text += ", so it retries up to 28 times. ";
  }
  if (c.max_attempts == 30) {
    text += "It makes at most 30 attempts, the first included";
    text += ", so it retries up to 29 times. ";
  }
  if (c.max_attempts == 31) {
    text += "It makes at most 31 attempts, the first included";
    text += ", so it retries up to 30 times. ";
  }
  if (c.max_attempts == 32) {
    text += "It makes at most 32 attempts, the first included";
    text += ", so it retries up to 31 times. ";
  }
  if (c.max_attempts == 33) {
    text += "It makes at most 33 attempts, the first included";
    text += ", so it retries up to 32 times. ";
  }
  if (c.max_attempts == 34) {
    text += "It makes at most 34 attempts, the first included";
    text += ", so it retries up to 33 times. ";
  }
  if (c.max_attempts == 35) {
    text += "It makes at most 35 attempts, the first included";
    text += ", so it retries up to 34 times. ";
  }
  if (c.max_attempts == 36) {
    text += "It makes at most 36 attempts, the first included";
    text += ", so it retries up to 35 times. ";
  }
  if (c.max_attempts > 36) text += "It makes more than thirty-six attempts: a retry storm waiting for its outage. ";
  if (c.backoff.kind == BackoffKind::fixed) {
    text += "Between attempts it waits the same delay every time";
    text += ", starting at " + std::to_string(c.backoff.initial_s) + " s";
    if (c.backoff.max_s > 0) text += " and never more than " + std::to_string(c.backoff.max_s) + " s";
    text += ". ";
  }
  if (c.backoff.kind == BackoffKind::linear) {
    text += "Between attempts it waits a delay that grows by the same step";
    text += ", starting at " + std::to_string(c.backoff.initial_s) + " s";
    if (c.backoff.max_s > 0) text += " and never more than " + std::to_string(c.backoff.max_s) + " s";
    text += ". ";
  }
  if (c.backoff.kind == BackoffKind::exponential) {
    text += "Between attempts it waits a delay that multiplies at each retry";
    text += ", starting at " + std::to_string(c.backoff.initial_s) + " s";
    if (c.backoff.max_s > 0) text += " and never more than " + std::to_string(c.backoff.max_s) + " s";
    text += ". ";
  }
  if (c.jitter == Jitter::none) {
    text += "Each delay is exactly as computed";
    text += ", so that callers who failed together do not retry together. ";
  }
  if (c.jitter == Jitter::full) {
    text += "Each delay is a uniform draw between nothing and the computed delay";
    text += ", so that callers who failed together do not retry together. ";
  }
  if (c.jitter == Jitter::equal) {
    text += "Each delay is half the computed delay plus a uniform draw of the other half";
    text += ", so that callers who failed together do not retry together. ";
  }
  if (c.jitter == Jitter::decorrelated) {
    text += "Each delay is a draw between the initial delay and three times the previous one";
    text += ", so that callers who failed together do not retry together. ";
  }
  if (c.jitter == Jitter::proportional) {
    text += "Each delay is the computed delay moved by up to a fraction either way";
    text += ", so that callers who failed together do not retry together. ";
  }
  for (const Outcome outcome : c.retry_on) {
    if (outcome == Outcome::error) text += "An attempt that ended error is retried. ";
  }
  for (const Outcome outcome : c.retry_on) {
    if (outcome == Outcome::timeout) text += "An attempt that ended timeout is retried. ";
  }
  for (const Outcome outcome : c.retry_on) {
    if (outcome == Outcome::unavailable) text += "An attempt that ended unavailable is retried. ";
  }
  for (const Outcome outcome : c.retry_on) {
    if (outcome == Outcome::rejected) text += "An attempt that ended rejected is retried. ";
  }
  for (const Outcome outcome : c.retry_on) {
    if (outcome == Outcome::overloaded) text += "An attempt that ended overloaded is retried. ";
  }
  if (c.retry_on.empty()) text += "Nothing is retried. ";
  return text;
}

class AccountedRetryPolicy final : public RetryPolicy {
 public:
  explicit AccountedRetryPolicy(const RetryConfig& c) : inner_(c), account_(account_of(c)) {}
  std::optional<double> next_delay(double now, RetryState& state, Outcome outcome, Random& random) override {
    return inner_.next_delay(now, state, outcome, random);
  }

 private:
  ReferenceRetryPolicy inner_;
  std::string account_;
};

class Patterns final : public reference_submission::LockedReferenceFactory {
 public:
  std::unique_ptr<RetryPolicy> retry_policy(const RetryConfig& c) override {
    return std::make_unique<reference_submission::LockedRetryPolicy>(std::make_unique<AccountedRetryPolicy>(c));
  }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
