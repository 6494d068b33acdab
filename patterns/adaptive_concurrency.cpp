#include "patterns/adaptive_concurrency.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::patterns {

ConfigProblems validate(const AdaptiveConcurrencyConfig& c) {
  ConfigProblems problems;
  if (c.min_limit < 1) problems.push_back({"min_limit", "found " + number_text(c.min_limit) + ", expected at least 1"});
  if (c.max_limit < c.min_limit)
    problems.push_back({"max_limit", "found " + number_text(c.max_limit) + " below min_limit " + number_text(c.min_limit) +
                                         ", expected max_limit >= min_limit"});
  if (c.initial_limit < c.min_limit || c.initial_limit > c.max_limit)
    problems.push_back({"initial_limit", "found " + number_text(c.initial_limit) + ", expected between min_limit " +
                                             number_text(c.min_limit) + " and max_limit " + number_text(c.max_limit)});
  if (!(c.backoff_ratio > 0 && c.backoff_ratio < 1))
    problems.push_back({"backoff_ratio", "found " + number_text(c.backoff_ratio) + ", expected above 0 and below 1"});
  if (!(c.latency_threshold_s > 0))
    problems.push_back({"latency_threshold", "found " + number_text(c.latency_threshold_s) + "s, expected above 0"});
  return problems;
}

AdaptiveConcurrencyLimiter::AdaptiveConcurrencyLimiter(const AdaptiveConcurrencyConfig& config)
    : config_(config), limit_(config.initial_limit) {}

bool AdaptiveConcurrencyLimiter::try_acquire(double /*now*/) {
  if (in_flight_ >= limit_) return false;
  ++in_flight_;
  return true;
}

void AdaptiveConcurrencyLimiter::on_result(double /*now*/, Outcome outcome, double latency_s) {
  --in_flight_;
  const bool dropped = outcome == Outcome::timeout || outcome == Outcome::unavailable || outcome == Outcome::rejected ||
                       outcome == Outcome::overloaded ||
                       (outcome == Outcome::success && latency_s > config_.latency_threshold_s);
  if (dropped) {
    // floor, as AIMDLimit: a limit of 1 x 0.9 stays at min_limit, not at 0.9.
    limit_ = std::max(config_.min_limit, static_cast<int>(std::floor(limit_ * config_.backoff_ratio)));
    successes_ = 0;
  } else if (outcome == Outcome::success && ++successes_ >= limit_) {
    limit_ = std::min(config_.max_limit, limit_ + 1);
    successes_ = 0;
  }
}

}  // namespace chaossim::patterns
