#pragma once
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct BulkheadConfig {
  static constexpr int default_max_concurrent = 25;

  int max_concurrent = default_max_concurrent;
  int max_queue = 0;      // callers that may wait for a permit
  double max_wait_s = 0;  // how long one may wait
};

// What is wrong with a configuration, by its scenario key ("backoff.max");
// empty when it is valid. The loader and the grading protocol both call it.
ConfigProblems validate(const BulkheadConfig& config);

}  // namespace chaossim::patterns
