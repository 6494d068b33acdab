#pragma once
// A server's workers split into named pools (worker_pools.hpp), as the
// seeds' faculty bulkheads: "ICU pool: 6, reserved 5, may borrow 1 from a
// flex pool of 2".
#include <string>
#include <vector>

#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct WorkerPoolConfig {
  std::string name;
  int capacity = 1;    // the most it runs at once
  int reserved = 1;    // workers only it uses: guaranteed to it
  int max_borrow = 0;  // the most it takes from the shared flex workers: capacity - reserved
  int max_queue = 0;   // requests that may wait for one of its workers
  double max_wait_s = 0;  // how long one may wait; then it is refused
};

struct WorkerPoolsConfig {
  std::vector<WorkerPoolConfig> pools;
  int flex = 0;  // workers any pool may borrow, up to its max_borrow
  // The workers an instance has: every pool's reserved ones and the flex ones.
  int workers() const {
    int n = flex;
    for (const auto& p : pools) n += p.reserved;
    return n;
  }
};

// Its rules, key by key (config_problem.hpp): "pools.0.reserved".
ConfigProblems validate(const WorkerPoolsConfig& config);

}  // namespace chaossim::patterns
