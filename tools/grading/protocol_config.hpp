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

#include "patterns/bulkhead.hpp"
#include "patterns/circuit_breaker.hpp"
#include "patterns/fallback_config.hpp"
#include "patterns/health_check_config.hpp"
#include "patterns/outcome.hpp"
#include "patterns/retry_config.hpp"
#include "patterns/timeout_config.hpp"

namespace chaossim::grading {

using nlohmann::json;

inline constexpr int protocol_version = 1;

// The patterns a submission can implement, by their protocol names.
enum class StudentPattern { circuit_breaker, retry, retry_budget, timeout, bulkhead, health_check, fallback, cache };
inline constexpr StudentPattern all_student_patterns[] = {
    StudentPattern::circuit_breaker, StudentPattern::retry,        StudentPattern::retry_budget, StudentPattern::timeout,
    StudentPattern::bulkhead,        StudentPattern::health_check, StudentPattern::fallback,     StudentPattern::cache};
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
json to_json(const patterns::HealthCheckConfig& c, int instances);
json to_json(const patterns::FallbackConfig& c);

patterns::CircuitBreakerConfig circuit_breaker_config(const json& j);
patterns::RetryConfig retry_config(const json& j);
patterns::RetryBudgetConfig retry_budget_config(const json& j);
patterns::TimeoutConfig timeout_config(const json& j);
patterns::BulkheadConfig bulkhead_config(const json& j);
patterns::HealthCheckConfig health_check_config(const json& j);
int health_check_instances(const json& j);
patterns::FallbackConfig fallback_config(const json& j);
std::size_t cache_capacity(const json& j);

}  // namespace chaossim::grading
