#pragma once
// Retry: whether and when to try a failed call again, and a retry budget that
// caps retries as a fraction of requests (Finagle's RetryBudget, the idea
// behind gRPC retry throttling), so retries cannot multiply load in a storm.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "patterns/outcome.hpp"
#include "patterns/random.hpp"
#include "patterns/retry_config.hpp"
#include "patterns/sliced_counts.hpp"

namespace chaossim::patterns {

// Per logical call, owned by the caller: no allocation per call.
struct RetryState {
  int attempts = 1;             // attempts made so far, the first included
  double previous_delay_s = 0;  // for decorrelated jitter
};

class RetryPolicy {
 public:
  virtual ~RetryPolicy() = default;
  // The last attempt ended with `outcome` at `now`: the delay before the next
  // one, or nullopt to give up. When it retries, it counts the coming attempt
  // in `state`. `now` as every decision has it, for a policy that looks at
  // the clock (a deadline of its own, a time-based budget).
  virtual std::optional<double> next_delay(double now, RetryState& state, Outcome outcome, Random& random) = 0;
};

class ReferenceRetryPolicy final : public RetryPolicy {
 public:
  explicit ReferenceRetryPolicy(const RetryConfig& config) : config_(config) {}
  std::optional<double> next_delay(double now, RetryState& state, Outcome outcome, Random& random) override;

  // The delay before retry number `retry` (0 for the first) without jitter, capped.
  double backoff(int retry) const;
  bool retries_on(Outcome outcome) const;

 private:
  RetryConfig config_;
};

// The delay before the next attempt once the last answer is heard out: an
// overloaded callee's Retry-After is a floor under it, never waited less
// (RFC 9110's Retry-After, gRPC's retry pushback), unless the config ignores it.
inline double honouring_retry_after(const RetryConfig& config, double delay_s, const CallResult& last) {
  return config.honour_retry_after ? std::max(delay_s, static_cast<double>(last.retry_after_s)) : delay_s;
}

class RetryBudget {
 public:
  virtual ~RetryBudget() = default;
  virtual void on_request(double now) = 0;    // a call's first attempt
  virtual bool try_withdraw(double now) = 0;  // may a retry go out now?
};

// Finagle's TokenRetryBudget: over the last `ttl` seconds (10, as Finagle),
// retries may reach `ratio` x requests plus `min_per_second` x ttl. Counts are
// kept in one-second slices, so memory is fixed.
class ReferenceRetryBudget final : public RetryBudget {
 public:
  static constexpr double ttl_s = 10.0;

  explicit ReferenceRetryBudget(const RetryBudgetConfig& config) : config_(config), counts_(ttl_s) {}
  void on_request(double now) override;
  bool try_withdraw(double now) override;

  double balance(double now);  // retries that could go out now
  std::int64_t rejections() const { return rejections_; }

 private:
  RetryBudgetConfig config_;
  SlicedCounts<10> counts_;  // requests, retries
  std::int64_t rejections_ = 0;
};

}  // namespace chaossim::patterns
