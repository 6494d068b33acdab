#pragma once
#include "patterns/config_problem.hpp"
#include "patterns/enum_names.hpp"
#include <optional>
#include <string>
#include <vector>

namespace chaossim::patterns {

enum class FallbackKind { service, cache, value };
inline constexpr std::array<std::string_view, 3> fallback_kind_names{"service", "cache", "value"};

// One alternative of a fallback chain; the chain tries them in order.
struct FallbackEntry {
  FallbackKind kind = FallbackKind::value;
  std::string service;  // kind == service: the service to call instead
  double cache_ttl_s = 0;
  bool serve_stale_on_error = false;
  std::string value;    // kind == value: the degraded answer
  // kind == service: the pipeline of the scenario on the call to it (a
  // timeout, a breaker...); none by default, so that a cut link can hang it.
  std::optional<std::string> pipeline;
  std::optional<std::string> endpoint = {};  // kind == service: its endpoint, when it has endpoints
};

struct FallbackConfig {
  std::vector<FallbackEntry> chain;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const FallbackConfig& config);

}  // namespace chaossim::patterns
