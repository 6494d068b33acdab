#pragma once
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct HedgeConfig {
  static constexpr int default_max_hedges = 1;

  double after_s = 0.1;
  int max_hedges = default_max_hedges;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const HedgeConfig& config);

}  // namespace chaossim::patterns
