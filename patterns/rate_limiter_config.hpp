#pragma once
#include "patterns/config_problem.hpp"
#include "patterns/enum_names.hpp"

namespace chaossim::patterns {

// The four limiters of the literature: a token bucket (bursts up to `burst`,
// then `rate`), a sliding window log (exact: at most `limit` in any
// `window`), a sliding window counter (Cloudflare's approximation: the last
// fixed window's count weighted by its overlap, in constant memory) and a
// leaky bucket as a queue (calls wait in a queue of `capacity` that lets one
// go every 1/`rate` seconds: a constant pace out, bursts smoothed, not passed).
enum class RateLimiterKind { token_bucket, sliding_window, sliding_window_counter, leaky_bucket };
inline constexpr std::array<std::string_view, 4> rate_limiter_kind_names{"token_bucket", "sliding_window",
                                                                         "sliding_window_counter", "leaky_bucket"};

struct RateLimiterConfig {
  RateLimiterKind kind = RateLimiterKind::token_bucket;
  double rate_per_s = 100;  // token bucket refill, leaky bucket drain
  int burst = 1;            // token bucket capacity
  int limit = 100;          // sliding windows: calls per window
  double window_s = 1.0;
  int capacity = 10;        // leaky bucket: calls waiting at most

  bool has_rate() const { return kind == RateLimiterKind::token_bucket || kind == RateLimiterKind::leaky_bucket; }
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const RateLimiterConfig& config);

}  // namespace chaossim::patterns
