#pragma once
// The resilience patterns chaossim knows, one line each, in their default
// nesting order around a call (outermost first: Resilience4j's recommended
// order, with hedging around the single attempt). This list is the one source
// of their names: the PatternKind enum, the pipeline's fields, the loader's
// readers, the simulator's stages and the reports' rejection columns are all
// generated from it, so registering a pattern is its line here (and its
// config's include in pipeline_config.hpp); its logic and its stage are files
// of their own. docs/extending.md walks through it.
//
// X(name, Config, role): `name` is the pattern's key in a scenario and in
// every output; `Config` its config struct in chaossim::patterns; `role` is
// `refuses` for a pattern that can turn a call away (it gets a rejection
// counter in the results), `passes` for one that never does.
//
// Adaptive throttling sits inside the retry and outside the timeout: each
// attempt is a request it counts, and a timed-out one was not accepted.
// The adaptive concurrency limiter sits inside the timeout, next to the
// bulkhead it generalises: it counts the calls really in flight to the callee,
// including those a timeout has given up on.
#define CHAOSSIM_PATTERNS(X)                                   \
  X(fallback, FallbackConfig, passes)                          \
  X(retry, RetryConfig, passes)                                \
  X(circuit_breaker, CircuitBreakerConfig, refuses)            \
  X(rate_limiter, RateLimiterConfig, refuses)                  \
  X(adaptive_throttling, AdaptiveThrottlingConfig, refuses)    \
  X(timeout, TimeoutConfig, passes)                            \
  X(adaptive_concurrency, AdaptiveConcurrencyConfig, refuses)  \
  X(bulkhead, BulkheadConfig, refuses)                         \
  X(hedge, HedgeConfig, passes)                                \
  X(health_check, HealthCheckConfig, passes)                   \
  X(outlier_detection, OutlierDetectionConfig, passes)
