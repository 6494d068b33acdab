#pragma once
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "patterns/bulkhead_config.hpp"
#include "patterns/circuit_breaker_config.hpp"
#include "patterns/fallback_config.hpp"
#include "patterns/health_check_config.hpp"
#include "patterns/hedge_config.hpp"
#include "patterns/rate_limiter_config.hpp"
#include "patterns/retry_config.hpp"
#include "patterns/timeout_config.hpp"

namespace chaossim::patterns {

enum class PatternKind { fallback, retry, circuit_breaker, rate_limiter, timeout, bulkhead, hedge, health_check };

inline constexpr std::array<std::string_view, 8> pattern_names{
    "fallback", "retry", "circuit_breaker", "rate_limiter", "timeout", "bulkhead", "hedge", "health_check"};

constexpr std::string_view name_of(PatternKind kind) { return pattern_names[static_cast<int>(kind)]; }

// Outermost first, Resilience4j's recommended nesting. Hedging wraps the single
// attempt (inside retry) and health checks act on balancing, not on nesting.
inline const std::vector<PatternKind> default_pattern_order{
    PatternKind::fallback, PatternKind::retry,   PatternKind::circuit_breaker, PatternKind::rate_limiter,
    PatternKind::timeout,  PatternKind::bulkhead, PatternKind::hedge,          PatternKind::health_check};

// Any subset of the patterns around one call; absent means not applied.
struct PipelineConfig {
  std::optional<FallbackConfig> fallback;
  std::optional<RetryConfig> retry;
  std::optional<CircuitBreakerConfig> circuit_breaker;
  std::optional<RateLimiterConfig> rate_limiter;
  std::optional<TimeoutConfig> timeout;
  std::optional<BulkheadConfig> bulkhead;
  std::optional<HedgeConfig> hedge;
  std::optional<HealthCheckConfig> health_check;
  std::vector<PatternKind> order = default_pattern_order;
};

}  // namespace chaossim::patterns
