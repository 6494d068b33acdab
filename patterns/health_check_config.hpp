#pragma once
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct HealthCheckConfig {
  static constexpr int default_unhealthy_after = 3;
  static constexpr int default_healthy_after = 2;

  double interval_s = 5.0;
  double timeout_s = 1.0;
  int unhealthy_after = default_unhealthy_after;
  int healthy_after = default_healthy_after;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const HealthCheckConfig& config);

}  // namespace chaossim::patterns
