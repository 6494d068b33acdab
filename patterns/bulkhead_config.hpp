#pragma once
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct BulkheadConfig {
  static constexpr int default_max_concurrent = 25;

  int max_concurrent = default_max_concurrent;
  int max_queue = 0;      // callers that may wait for a permit
  double max_wait_s = 0;  // how long one may wait
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const BulkheadConfig& config);

}  // namespace chaossim::patterns
