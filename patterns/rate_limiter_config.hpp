#pragma once

namespace chaossim::patterns {

enum class RateLimiterKind { token_bucket, sliding_window };

struct RateLimiterConfig {
  RateLimiterKind kind = RateLimiterKind::token_bucket;
  double rate_per_s = 100;  // token bucket refill
  int burst = 1;            // token bucket capacity
  int limit = 100;          // sliding window: calls per window
  double window_s = 1.0;
};

}  // namespace chaossim::patterns
