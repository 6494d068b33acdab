#pragma once
#include <algorithm>
#include <optional>

#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

// A latency quantile of the answered calls times a multiplier, clamped: e.g.
// p95 x 1.5. Until it has enough answers it waits `initial`.
struct AdaptiveTimeoutConfig {
  static constexpr double default_quantile = 0.95;
  static constexpr double default_multiplier = 1.5;
  static constexpr double default_min_s = 0.001;
  static constexpr double default_max_s = 10.0;
  // Without `initial`: this, clamped to [min, max] (the fixed timeout's default).
  static constexpr double default_initial_s = 1.0;

  double quantile = default_quantile;
  double multiplier = default_multiplier;
  double min_s = default_min_s;
  double max_s = default_max_s;
  std::optional<double> initial_s;

  double initial() const { return initial_s ? *initial_s : std::clamp(default_initial_s, min_s, max_s); }
};

// Either a fixed `after_s`, or adaptive when `adaptive` is set.
struct TimeoutConfig {
  static constexpr double default_after_s = 1.0;

  double after_s = default_after_s;
  std::optional<AdaptiveTimeoutConfig> adaptive;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const TimeoutConfig& config);

}  // namespace chaossim::patterns
