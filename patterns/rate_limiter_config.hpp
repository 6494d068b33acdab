#pragma once
#include "patterns/config_problem.hpp"
#include "patterns/enum_names.hpp"

namespace chaossim::patterns {

enum class RateLimiterKind { token_bucket, sliding_window };
inline constexpr std::array<std::string_view, 2> rate_limiter_kind_names{"token_bucket", "sliding_window"};

struct RateLimiterConfig {
  RateLimiterKind kind = RateLimiterKind::token_bucket;
  double rate_per_s = 100;  // token bucket refill
  int burst = 1;            // token bucket capacity
  int limit = 100;          // sliding window: calls per window
  double window_s = 1.0;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const RateLimiterConfig& config);

}  // namespace chaossim::patterns
