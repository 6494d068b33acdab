#pragma once
// ResilienceScenarioTester: plays the replications of one or more scenarios
// (variants), each in a child process of its own (SimGrid allows one engine
// per process), up to `jobs` at a time. Results come back in a fixed order,
// so they do not depend on `jobs` or on which child finished first.
#include <functional>
#include <stdexcept>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::sim {

struct TesterProgress {
  std::size_t runs_done = 0;
  std::size_t runs_total = 0;
  double simulated_s = 0;  // the most advanced running run
  double duration_s = 0;
};

class RunFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ResilienceScenarioTester {
 public:
  explicit ResilienceScenarioTester(int jobs) : jobs_(jobs < 1 ? 1 : jobs) {}

  void on_progress(std::function<void(const TesterProgress&)> listener) { listener_ = std::move(listener); }

  // results[s][r]: replication r of scenarios[s], seeded from `seed` and r alone.
  std::vector<std::vector<ReplicationResult>> run(const std::vector<const scenarios::Scenario*>& scenarios,
                                                  int replications, std::uint64_t seed);

 private:
  int jobs_;
  std::function<void(const TesterProgress&)> listener_;
};

}  // namespace chaossim::sim
