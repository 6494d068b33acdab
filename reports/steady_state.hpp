#pragma once
// The run's steady state as a Chaos Toolkit hypothesis judges one: the SLO's
// checks (availability; latency quantiles of the successes) over the time
// before the first fault (from the warmup's end) and from the first fault's
// start to the run's end, each replication's figure over the window averaged
// over replications, and judged on its confidence interval as the run's are.
// "Before" says the system was steady to begin with; "after" whether it
// stayed so through the faults and what followed (a hypothesis that
// deviated). chaossim's own SLO checks judge the whole run after warmup.
#include <memory>
#include <optional>
#include <vector>

#include "reports/slo_check.hpp"
#include "scenarios/scenario.hpp"
#include "sim/histogram.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::reports {

// The first fault's start in any replication (a random schedule's differ);
// the run's end without faults.
double first_fault_start(const scenarios::Scenario& scenario, const std::vector<sim::ReplicationResult>& runs);

// Fed the runs' buckets in time order (series_pass.hpp), all runs' at once.
class SteadyStateMeter {
 public:
  // Without an slo there is no hypothesis: it measures nothing.
  SteadyStateMeter(const scenarios::Scenario& scenario, const std::vector<sim::ReplicationResult>& runs);
  void add(std::size_t bucket, const std::vector<sim::BucketFrame>& frames);
  std::optional<SteadyState> result() const;

 private:
  // One replication's requests in a window.
  struct InRun {
    std::uint64_t requests = 0, successes = 0;
    std::unique_ptr<sim::LatencyHistogram> success_latency = std::make_unique<sim::LatencyHistogram>();
  };
  struct Window {
    double start_s = 0, end_s = 0;
    std::vector<InRun> runs;
  };
  SteadyWindow judged(const Window& w) const;

  const scenarios::Scenario& scenario_;
  int client_ = -1;  // the SLO's, in scenario order
  Window before_, after_;
};

}  // namespace chaossim::reports
