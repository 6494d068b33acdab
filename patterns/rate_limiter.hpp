#pragma once
// RateLimiter: a token bucket (rate, burst) or a sliding window (at most
// `limit` calls in any `window`). A refusal says when to try again.
#include <string>
#include <vector>

#include "patterns/rate_limiter_config.hpp"

namespace chaossim::patterns {

struct RateDecision {
  bool permitted = false;
  double retry_after_s = 0;  // when refused: the wait until a call would be permitted
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  virtual RateDecision try_acquire(double now) = 0;
};

class ReferenceRateLimiter final : public RateLimiter {
 public:
  explicit ReferenceRateLimiter(const RateLimiterConfig& config);
  RateDecision try_acquire(double now) override;

 private:
  RateDecision token_bucket(double now);
  RateDecision sliding_window(double now);

  RateLimiterConfig config_;
  double tokens_ = 0;
  double refilled_at_ = 0;
  // Sliding window: when the last `limit` permitted calls went out, as a ring.
  // Exact, and bounded by the limit, not by the call rate.
  std::vector<double> permits_;
  std::size_t oldest_ = 0;
};


}  // namespace chaossim::patterns
