#pragma once
// The decision protocol's vocabulary (PROTOCOL.md): pattern configurations as
// JSON objects whose keys are the config structs' field names, and the names
// of outcomes, circuit states and admissions. Shared by the grader, which
// writes them, and chaossim-host, which reads them for a C++ submission.
// Missing keys take the structs' defaults; a key of the wrong type throws
// nlohmann::json::exception.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "patterns/adaptive_throttling_config.hpp"
#include "patterns/bulkhead.hpp"
#include "patterns/circuit_breaker.hpp"
#include "patterns/fallback_config.hpp"
#include "patterns/health_check_config.hpp"
#include "patterns/outcome.hpp"
#include "patterns/retry_config.hpp"
#include "patterns/timeout_config.hpp"
#include "patterns/worker_pools.hpp"

namespace chaossim::grading {

using nlohmann::json;

inline constexpr int protocol_version = 1;

// The patterns a submission can implement: the products of a PatternFactory
// (patterns/factory.hpp), which is why the list differs from the pipeline's
// stages (pattern_list.hpp): a retry budget and a cache are parts of the retry
// and fallback stages, an adaptive concurrency limit and a rate limiter are
// not a student's.
// X(name, ClassName): its name in the protocol and in suites, and the class a
// Python submission defines for it, as in the common assignment.
#define CHAOSSIM_STUDENT_PATTERNS(X)  \
  X(circuit_breaker, CircuitBreaker)  \
  X(retry, RetryPolicy)               \
  X(retry_budget, RetryBudget)        \
  X(timeout, Timeout)                 \
  X(bulkhead, Bulkhead)               \
  X(health_check, HealthChecker)      \
  X(fallback, FallbackRegistry)       \
  X(cache, CacheRegistry)             \
  X(adaptive_throttling, AdaptiveThrottle) \
  X(worker_pools, WorkerPools)

#define CHAOSSIM_STUDENT_ENUM(name, ClassName) name,
enum class StudentPattern { CHAOSSIM_STUDENT_PATTERNS(CHAOSSIM_STUDENT_ENUM) };
#undef CHAOSSIM_STUDENT_ENUM
#define CHAOSSIM_STUDENT_VALUE(name, ClassName) StudentPattern::name,
inline constexpr StudentPattern all_student_patterns[] = {CHAOSSIM_STUDENT_PATTERNS(CHAOSSIM_STUDENT_VALUE)};
#undef CHAOSSIM_STUDENT_VALUE
std::string_view name_of(StudentPattern pattern);
std::optional<StudentPattern> student_pattern_named(std::string_view name);
// The class a Python submission defines for it, as in the common assignment.
std::string_view class_name_of(StudentPattern pattern);

std::string_view outcome_name(patterns::Outcome outcome);
std::optional<patterns::Outcome> outcome_named(std::string_view name);
std::string_view circuit_state_name(patterns::CircuitState state);
std::optional<patterns::CircuitState> circuit_state_named(std::string_view name);
std::string_view admission_name(patterns::Admission admission);
std::optional<patterns::Admission> admission_named(std::string_view name);

json to_json(const patterns::CircuitBreakerConfig& c);
json to_json(const patterns::RetryConfig& c);  // without its budget: that is a pattern of its own
json to_json(const patterns::RetryBudgetConfig& c);
json to_json(const patterns::TimeoutConfig& c);
json to_json(const patterns::BulkheadConfig& c);
json to_json(const patterns::AdaptiveThrottlingConfig& c);
json to_json(const patterns::WorkerPoolsConfig& c);
json to_json(const patterns::HealthCheckConfig& c, int instances);
json to_json(const patterns::FallbackConfig& c);

patterns::CircuitBreakerConfig circuit_breaker_config(const json& j);
patterns::RetryConfig retry_config(const json& j);
patterns::RetryBudgetConfig retry_budget_config(const json& j);
patterns::TimeoutConfig timeout_config(const json& j);
patterns::BulkheadConfig bulkhead_config(const json& j);
patterns::AdaptiveThrottlingConfig adaptive_throttling_config(const json& j);
patterns::WorkerPoolsConfig worker_pools_config(const json& j);
std::optional<patterns::PoolSlot> pool_slot_named(std::string_view name);
patterns::HealthCheckConfig health_check_config(const json& j);
int health_check_instances(const json& j);
patterns::FallbackConfig fallback_config(const json& j);
std::size_t cache_capacity(const json& j);

}  // namespace chaossim::grading
