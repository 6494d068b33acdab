#pragma once
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct HedgeConfig {
  static constexpr int default_max_hedges = 1;

  double after_s = 0.1;
  int max_hedges = default_max_hedges;
};

// What is wrong with a configuration, by its scenario key ("backoff.max");
// empty when it is valid. The loader and the grading protocol both call it.
ConfigProblems validate(const HedgeConfig& config);

}  // namespace chaossim::patterns
