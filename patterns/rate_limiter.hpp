#pragma once
// RateLimiter: a token bucket (rate, burst), a sliding window log (at most
// `limit` calls in any `window`), a sliding window counter (the same,
// estimated from two fixed windows) or a leaky bucket (a queue drained at
// `rate`). A refusal says when to try again; a leaky bucket's permit says how
// long the call waits in its queue first.
#include <cstdint>
#include <string>
#include <vector>

#include "patterns/rate_limiter_config.hpp"

namespace chaossim::patterns {

struct RateDecision {
  bool permitted = false;
  double retry_after_s = 0;  // when refused: the wait until a call would be permitted
  double delay_s = 0;        // when permitted by a leaky bucket: its wait in the queue before it goes
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  virtual RateDecision try_acquire(double now) = 0;
};

class ReferenceRateLimiter final : public RateLimiter {
 public:
  explicit ReferenceRateLimiter(const RateLimiterConfig& config);
  RateDecision try_acquire(double now) override { return try_acquire(now, 1); }
  // For a call that may fill only `share` (in (0, 1]) of the limiter: what
  // is left beyond it is kept for more important calls (server_admission.hpp).
  // A token bucket keeps (1 - share) x burst tokens back, a window that share
  // of its limit, a leaky bucket that share of its places.
  RateDecision try_acquire(double now, double share);

 private:
  RateDecision token_bucket(double now, double share);
  RateDecision sliding_window(double now, double share);
  RateDecision sliding_window_counter(double now, double share);
  RateDecision leaky_bucket(double now, double share);
  // Sliding window: of the permits in the ring, oldest first, the first still in the window at `now`.
  std::size_t first_in_window(double now) const;

  RateLimiterConfig config_;
  double tokens_ = 0;
  double refilled_at_ = 0;
  // Sliding window: when the last `limit` permitted calls went out, as a ring.
  // Exact, and bounded by the limit, not by the call rate.
  std::vector<double> permits_;
  std::size_t oldest_ = 0;
  // Sliding window counter: the fixed window `now` is in, its count and the previous one's.
  std::int64_t window_index_ = 0;
  std::int64_t current_count_ = 0, previous_count_ = 0;
  // Leaky bucket: when the queue lets its next call go.
  double next_release_ = 0;
};


}  // namespace chaossim::patterns
