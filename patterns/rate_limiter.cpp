#include "patterns/rate_limiter.hpp"

#include <algorithm>

#include "patterns/virtual_time.hpp"

namespace chaossim::patterns {

ReferenceRateLimiter::ReferenceRateLimiter(const RateLimiterConfig& config)
    : config_(config), tokens_(config.burst) {
  if (config.kind == RateLimiterKind::sliding_window) permits_.reserve(static_cast<std::size_t>(config.limit));
}

RateDecision ReferenceRateLimiter::try_acquire(double now) {
  return config_.kind == RateLimiterKind::token_bucket ? token_bucket(now) : sliding_window(now);
}

RateDecision ReferenceRateLimiter::token_bucket(double now) {
  tokens_ = std::min<double>(config_.burst, tokens_ + (now - refilled_at_) * config_.rate_per_s);
  refilled_at_ = now;
  // Times summed in binary fall a hair short of their decimal values (0.01 added
  // up), so a token refilled "exactly" on time would read 0.9999999: allow for it.
  constexpr double rounding = 1e-9;
  if (tokens_ >= 1 - rounding) {
    tokens_ = std::max(0.0, tokens_ - 1);
    return {true, 0};
  }
  return {false, (1 - tokens_) / config_.rate_per_s};
}

RateDecision ReferenceRateLimiter::sliding_window(double now) {
  const auto limit = static_cast<std::size_t>(config_.limit);
  if (permits_.size() < limit) {
    permits_.push_back(now);
    return {true, 0};
  }
  // The window holds `limit` calls unless the oldest of them has left it.
  const double oldest = permits_[oldest_];
  if (reached(now, oldest + config_.window_s)) {
    permits_[oldest_] = now;
    oldest_ = (oldest_ + 1) % limit;
    return {true, 0};
  }
  return {false, oldest + config_.window_s - now};
}

}  // namespace chaossim::patterns
