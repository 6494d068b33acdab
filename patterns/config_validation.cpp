// The rules of each pattern's configuration, kept apart from the reference
// implementations: chaossim-host, which links none of them (a submission must
// bring its own), compiles this file to check the configs the grading
// protocol hands it with the same rules as the scenario loader.
#include <set>
#include <string>

#include "patterns/adaptive_throttling_config.hpp"
#include "patterns/bulkhead_config.hpp"
#include "patterns/circuit_breaker_config.hpp"
#include "patterns/fallback_config.hpp"
#include "patterns/health_check_config.hpp"
#include "patterns/hedge_config.hpp"
#include "patterns/outlier_detection_config.hpp"
#include "patterns/rate_limiter_config.hpp"
#include "patterns/retry_config.hpp"
#include "patterns/timeout_config.hpp"
#include "patterns/worker_pools_config.hpp"

namespace chaossim::patterns {

ConfigProblems validate(const CircuitBreakerConfig& c) {
  ConfigProblems p;
  const auto found = [](double x) { return "found " + number_text(x); };
  if (c.window_kind != WindowKind::time && c.window_size < 1)
    p.push_back({"window.size", found(c.window_size) + ", expected at least 1 call"});
  if (c.window_kind == WindowKind::time && !(c.window_s > 0))
    p.push_back({"window.size", found(c.window_s) + "s, expected a window longer than 0s"});
  if (!(c.failure_rate > 0 && c.failure_rate <= 1))
    p.push_back({"failure_rate", found(c.failure_rate) + ", expected above 0 and at most 1"});
  if (!(c.slow_call_rate > 0 && c.slow_call_rate <= 1))
    p.push_back({"slow_call_rate", found(c.slow_call_rate) + ", expected above 0 and at most 1"});
  if (!(c.slow_call_duration_s > 0))
    p.push_back({"slow_call_duration", found(c.slow_call_duration_s) + "s, expected longer than 0s"});
  if (c.minimum_calls < 1) p.push_back({"minimum_calls", found(c.minimum_calls) + ", expected at least 1"});
  if (c.record.empty() && !c.record_client_errors)
    p.push_back({"record", "found an empty list, expected at least one outcome counted as a failure (or no \"record\": every failure)"});
  if (!(c.open_for_s > 0)) p.push_back({"open_for", found(c.open_for_s) + "s, expected longer than 0s"});
  if (c.open_multiplier < 1) p.push_back({"open_for.multiplier", found(c.open_multiplier) + ", expected at least 1"});
  if (c.open_max_s < c.open_for_s)
    p.push_back({"open_for.max", "found max " + number_text(c.open_max_s) + "s below initial " + number_text(c.open_for_s) +
                                     "s, expected max >= initial"});
  if (c.half_open_calls < 1) p.push_back({"half_open_calls", found(c.half_open_calls) + ", expected at least 1"});
  if (c.successes_to_close < 0)
    p.push_back({"successes_to_close", found(c.successes_to_close) + ", expected at least 1"});
  if (c.successes_to_close > c.half_open_calls)
    p.push_back({"successes_to_close", found(c.successes_to_close) + " above half_open_calls (" + number_text(c.half_open_calls) +
                                           "), expected at most as many successes as probes: it could never close"});
  return p;
}

ConfigProblems validate(const RetryConfig& c) {
  ConfigProblems p;
  if (c.max_attempts < 1) p.push_back({"max_attempts", "found " + number_text(c.max_attempts) + ", expected at least 1"});
  if (!(c.backoff.initial_s >= 0))
    p.push_back({"backoff.initial", "found " + number_text(c.backoff.initial_s) + "s, expected at least 0s"});
  if (c.backoff.multiplier < 1)
    p.push_back({"backoff.multiplier", "found " + number_text(c.backoff.multiplier) + ", expected at least 1"});
  if (c.backoff.max_s < c.backoff.initial_s)
    p.push_back({"backoff.max", "found max " + number_text(c.backoff.max_s) + "s below initial " +
                                    number_text(c.backoff.initial_s) + "s, expected max >= initial"});
  if (!(c.jitter_fraction >= 0 && c.jitter_fraction <= 1))
    p.push_back({"jitter.fraction", "found " + number_text(c.jitter_fraction) + ", expected between 0 and 1"});
  if (c.budget && !(c.budget->ratio >= 0 && c.budget->ratio <= 1))
    p.push_back({"budget.ratio", "found " + number_text(c.budget->ratio) + ", expected between 0 and 1"});
  if (c.budget && c.budget->min_per_second < 0)
    p.push_back({"budget.min_per_second", "found " + number_text(c.budget->min_per_second) + ", expected at least 0"});
  return p;
}

ConfigProblems validate(const TimeoutConfig& c) {
  ConfigProblems p;
  if (!c.adaptive) {
    if (!(c.after_s > 0)) p.push_back({"after", "found " + number_text(c.after_s) + "s, expected longer than 0s"});
    return p;
  }
  const auto& a = *c.adaptive;
  if (!(a.quantile > 0 && a.quantile <= 1))
    p.push_back({"adaptive.quantile", "found " + number_text(a.quantile) + ", expected above 0 and at most 1"});
  if (!(a.multiplier > 0)) p.push_back({"adaptive.multiplier", "found " + number_text(a.multiplier) + ", expected above 0"});
  if (!(a.min_s > 0)) p.push_back({"adaptive.min", "found " + number_text(a.min_s) + "s, expected longer than 0s"});
  if (a.max_s < a.min_s)
    p.push_back({"adaptive.max", "found max " + number_text(a.max_s) + "s below min " + number_text(a.min_s) +
                                     "s, expected max >= min"});
  else if (a.initial_s && !(*a.initial_s >= a.min_s && *a.initial_s <= a.max_s))
    p.push_back({"adaptive.initial", "found " + number_text(*a.initial_s) + "s, expected between min " +
                                         number_text(a.min_s) + "s and max " + number_text(a.max_s) + "s"});
  return p;
}

ConfigProblems validate(const BulkheadConfig& c) {
  ConfigProblems p;
  if (c.max_concurrent < 1) p.push_back({"max_concurrent", "found " + number_text(c.max_concurrent) + ", expected at least 1"});
  if (c.max_queue < 0) p.push_back({"max_queue", "found " + number_text(c.max_queue) + ", expected at least 0"});
  if (c.max_wait_s < 0) p.push_back({"max_wait", "found " + number_text(c.max_wait_s) + "s, expected at least 0s"});
  return p;
}

ConfigProblems validate(const RateLimiterConfig& c) {
  ConfigProblems p;
  if (c.has_rate()) {
    if (!(c.rate_per_s > 0)) p.push_back({"rate", "found " + number_text(c.rate_per_s) + "/s, expected above 0/s"});
  } else {
    if (c.limit < 1) p.push_back({"limit", "found " + number_text(c.limit) + ", expected at least 1"});
    if (!(c.window_s > 0)) p.push_back({"window", "found " + number_text(c.window_s) + "s, expected longer than 0s"});
  }
  if (c.kind == RateLimiterKind::token_bucket && c.burst < 1)
    p.push_back({"burst", "found " + number_text(c.burst) + ", expected at least 1"});
  if (c.kind == RateLimiterKind::leaky_bucket && c.capacity < 0)
    p.push_back({"capacity", "found " + number_text(c.capacity) + ", expected at least 0"});
  return p;
}

ConfigProblems validate(const AdaptiveThrottlingConfig& c) {
  ConfigProblems p;
  if (!(c.k >= 1)) p.push_back({"k", "found " + number_text(c.k) + ", expected at least 1 (below it the client rejects what the backend would accept)"});
  if (!(c.window_s > 0)) p.push_back({"window", "found " + number_text(c.window_s) + "s, expected longer than 0s"});
  return p;
}

ConfigProblems validate(const WorkerPoolsConfig& c) {
  ConfigProblems p;
  if (c.flex < 0) p.push_back({"flex", "found " + number_text(c.flex) + ", expected at least 0"});
  std::set<std::string> names;
  for (std::size_t k = 0; k < c.pools.size(); ++k) {
    const WorkerPoolConfig& pool = c.pools[k];
    const std::string at = "pools." + std::to_string(k) + ".";
    if (!names.insert(pool.name).second) p.push_back({at + "name", "\"" + pool.name + "\" again, expected each pool's name once"});
    if (pool.capacity < 1) p.push_back({at + "capacity", "found " + number_text(pool.capacity) + ", expected at least 1"});
    if (pool.reserved < 0 || pool.reserved > pool.capacity)
      p.push_back({at + "reserved", "found " + number_text(pool.reserved) + ", expected between 0 and its capacity (" +
                                        number_text(pool.capacity) + ")"});
    else if (pool.max_borrow != pool.capacity - pool.reserved)
      p.push_back({at + "max_borrow", "found " + number_text(pool.max_borrow) + ", expected capacity - reserved (" +
                                          number_text(pool.capacity - pool.reserved) + "): what it borrows is what takes it past its reserved workers"});
    else if (pool.max_borrow > c.flex)
      p.push_back({at + "max_borrow", "found " + number_text(pool.max_borrow) + ", expected at most the flex workers (" +
                                          number_text(c.flex) + ")"});
    if (pool.max_queue < 0) p.push_back({at + "max_queue", "found " + number_text(pool.max_queue) + ", expected at least 0"});
    if (!(pool.max_wait_s >= 0)) p.push_back({at + "max_wait", "found " + number_text(pool.max_wait_s) + "s, expected at least 0s"});
  }
  if (c.pools.empty()) p.push_back({"pools", "none, expected at least one pool"});
  return p;
}

ConfigProblems validate(const HedgeConfig& c) {
  ConfigProblems p;
  if (!(c.after_s >= 0)) p.push_back({"after", "found " + number_text(c.after_s) + "s, expected at least 0s"});
  if (c.max_hedges < 1) p.push_back({"max_hedges", "found " + number_text(c.max_hedges) + ", expected at least 1"});
  return p;
}

ConfigProblems validate(const HealthCheckConfig& c) {
  ConfigProblems p;
  if (!(c.interval_s > 0)) p.push_back({"interval", "found " + number_text(c.interval_s) + "s, expected longer than 0s"});
  if (!(c.timeout_s > 0)) p.push_back({"timeout", "found " + number_text(c.timeout_s) + "s, expected longer than 0s"});
  if (c.unhealthy_after < 1) p.push_back({"unhealthy_after", "found " + number_text(c.unhealthy_after) + ", expected at least 1"});
  if (c.healthy_after < 1) p.push_back({"healthy_after", "found " + number_text(c.healthy_after) + ", expected at least 1"});
  return p;
}

ConfigProblems validate(const OutlierDetectionConfig& c) {
  ConfigProblems p;
  if (c.consecutive_errors < 1)
    p.push_back({"consecutive_errors", "found " + number_text(c.consecutive_errors) + ", expected at least 1"});
  if (!(c.base_ejection_time_s > 0))
    p.push_back({"base_ejection_time", "found " + number_text(c.base_ejection_time_s) + "s, expected longer than 0s"});
  if (c.max_ejection_time_s < c.base_ejection_time_s)
    p.push_back({"max_ejection_time", "found " + number_text(c.max_ejection_time_s) + "s below base_ejection_time " +
                                          number_text(c.base_ejection_time_s) + "s, expected at least it"});
  if (!(c.max_ejection_percent >= 0 && c.max_ejection_percent <= 100))
    p.push_back({"max_ejection_percent", "found " + number_text(c.max_ejection_percent) + ", expected from 0 to 100"});
  return p;
}

ConfigProblems validate(const FallbackConfig& c) {
  ConfigProblems p;
  for (std::size_t i = 0; i < c.chain.size(); ++i) {
    const auto& e = c.chain[i];
    if (e.kind == FallbackKind::cache && !(e.cache_ttl_s > 0))
      p.push_back({std::to_string(i) + ".cache.ttl", "found " + number_text(e.cache_ttl_s) + "s, expected longer than 0s"});
    if (e.kind == FallbackKind::service && e.service.empty())
      p.push_back({std::to_string(i) + ".service", "found an empty name, expected a service"});
  }
  return p;
}

}  // namespace chaossim::patterns
