#include "patterns/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include "patterns/virtual_time.hpp"

namespace chaossim::patterns {
namespace {
// Times summed in binary fall a hair short of their decimal values (0.01 added
// up), so a token refilled "exactly" on time would read 0.9999999: allow for it.
constexpr double rounding = 1e-9;
}  // namespace

ReferenceRateLimiter::ReferenceRateLimiter(const RateLimiterConfig& config)
    : config_(config), tokens_(config.burst) {
  if (config.kind == RateLimiterKind::sliding_window) permits_.reserve(static_cast<std::size_t>(config.limit));
}

RateDecision ReferenceRateLimiter::try_acquire(double now, double share) {
  switch (config_.kind) {
    case RateLimiterKind::token_bucket: return token_bucket(now, share);
    case RateLimiterKind::sliding_window: return sliding_window(now, share);
    case RateLimiterKind::sliding_window_counter: return sliding_window_counter(now, share);
    case RateLimiterKind::leaky_bucket: return leaky_bucket(now, share);
  }
  return {};
}

RateDecision ReferenceRateLimiter::token_bucket(double now, double share) {
  tokens_ = std::min<double>(config_.burst, tokens_ + (now - refilled_at_) * config_.rate_per_s);
  refilled_at_ = now;
  const double needed = 1 + (1 - share) * config_.burst;
  if (tokens_ >= needed - rounding) {
    tokens_ = std::max(0.0, tokens_ - 1);
    return {true, 0};
  }
  // A bucket that never holds what it needs (its burst too small for the
  // share kept back) never permits it: say when it would be full.
  return {false, (std::min<double>(needed, config_.burst) - tokens_) / config_.rate_per_s};
}

std::size_t ReferenceRateLimiter::first_in_window(double now) const {
  // The ring from oldest_ on is in time order: the first not yet out of the window, by bisection.
  std::size_t lo = 0, hi = permits_.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const double t = permits_[(oldest_ + mid) % permits_.size()];
    if (reached(now, t + config_.window_s)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

RateDecision ReferenceRateLimiter::sliding_window(double now, double share) {
  const auto limit = static_cast<std::size_t>(config_.limit);
  if (share >= 1) {
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
  // A share of the limit: the calls in the window must leave room for it.
  const auto allowed = static_cast<std::size_t>(std::floor(share * static_cast<double>(limit) + rounding));
  const std::size_t out = first_in_window(now);
  const std::size_t in_window = permits_.size() - out;
  if (in_window + 1 <= allowed) {
    if (permits_.size() < limit) {
      permits_.push_back(now);
    } else {
      permits_[oldest_] = now;  // the oldest is out of the window: allowed < limit
      oldest_ = (oldest_ + 1) % limit;
    }
    return {true, 0};
  }
  if (allowed == 0) return {false, config_.window_s};
  // Room comes when enough of those in the window have left it.
  const double leaves = permits_[(oldest_ + out + (in_window - allowed)) % permits_.size()];
  return {false, leaves + config_.window_s - now};
}

RateDecision ReferenceRateLimiter::sliding_window_counter(double now, double share) {
  const double w = config_.window_s;
  // The fixed window `now` is in, an instant on its edge counting as the next.
  const auto index = static_cast<std::int64_t>(std::floor(now / w + rounding));
  if (index != window_index_) {
    previous_count_ = index == window_index_ + 1 ? current_count_ : 0;
    current_count_ = 0;
    window_index_ = index;
  }
  const double start = static_cast<double>(index) * w;
  const double into = std::clamp((now - start) / w, 0.0, 1.0);
  const double limit = static_cast<double>(config_.limit) * share;
  // Cloudflare's estimate: the previous window's calls, as if spread evenly,
  // that still overlap the window ending now, plus this window's.
  const double estimate = static_cast<double>(previous_count_) * (1 - into) + static_cast<double>(current_count_);
  if (estimate + 1 <= limit + rounding) {
    ++current_count_;
    return {true, 0};
  }
  // When the estimate falls to limit - 1: later in this window as the
  // previous one's share shrinks, or else in the next one, where this
  // window's count is the one that shrinks.
  const double room = limit - 1 - static_cast<double>(current_count_);
  if (room >= 0 && previous_count_ > 0) {
    const double at = start + w * (1 - room / static_cast<double>(previous_count_));
    if (at < start + w) return {false, std::max(0.0, at - now)};
  }
  const double next_start = start + w;
  const double overlap = current_count_ > 0 ? std::max(0.0, 1 - (limit - 1) / static_cast<double>(current_count_)) : 0;
  return {false, next_start + w * overlap - now};
}

RateDecision ReferenceRateLimiter::leaky_bucket(double now, double share) {
  const double pace = 1 / config_.rate_per_s;
  const double release = std::max(now, next_release_);
  // Calls that already wait: those let go after now, one per pace before next_release_.
  const double backlog = (next_release_ - now) / pace;
  const int waiting = backlog > rounding ? static_cast<int>(std::ceil(backlog - rounding)) - 1 : 0;
  const bool must_wait = release - now > rounding * pace;
  if (must_wait && waiting + 1 > std::floor(share * config_.capacity + rounding)) {
    // A place frees when the first of those waiting goes (with no queue, when this call could go).
    const double first_goes = waiting > 0 ? next_release_ - waiting * pace : next_release_;
    return {false, std::max(0.0, first_goes - now)};
  }
  next_release_ = release + pace;
  return {true, 0, must_wait ? release - now : 0};
}

}  // namespace chaossim::patterns
