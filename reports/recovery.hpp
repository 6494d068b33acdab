#pragma once
// How the system met each fault, per results.json's contract: when a pattern
// first reacted (detect_s), how long after the fault's end client availability
// was back at the objective to stay (recover_s), how long it was below it
// (breach_s), and the availability while the fault played.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::reports {

// Recovery is judged over windows of this many buckets (RESULTS-FORMAT.md).
inline constexpr int recovery_window_buckets = 5;
// The objective when the scenario states no availability SLO.
inline constexpr double default_recovery_objective = 0.99;

// One occurrence of a fault in one replication (sim/fault_timeline.hpp):
// its window, how the system met it, and what was drawn for it.
struct OccurrenceSummary {
  int replication = 0;
  int nth = 0;
  double start_s = 0, end_s = 0;
  std::optional<double> detect_s, recover_s;
  double breach_s = 0;
  std::optional<double> availability;  // inside its window
  std::vector<int> instances;                   // those it took: a process fault's always, another's when not all
  std::vector<std::vector<std::string>> groups;  // a drawn split's groups
  // A drawn split's views: each node and the nodes it hears from.
  std::vector<std::pair<std::string, std::vector<std::string>>> views;
};

struct FaultSummary {
  int index = 0;
  std::string kind;
  std::string subject;  // what it hits: a service, a client, or "a,b | c"
  double start_s = 0, end_s = 0;
  std::optional<double> detect_s;   // mean over the replications that reacted; null if none did
  std::optional<double> recover_s;  // mean over replications; null unless every one recovered
  double breach_s = 0;              // mean over replications
  std::optional<double> availability;  // inside the fault window, all replications pooled
  // 95% confidence intervals over replications (none with fewer than two);
  // recover_s's and breach_s's never narrower than a bucket, their step.
  std::optional<std::pair<double, double>> detect_s_ci95, recover_s_ci95, breach_s_ci95;
  std::vector<std::optional<double>> detect_s_by_replication, recover_s_by_replication;
  std::vector<double> breach_s_by_replication;
  // Per queue (the scenario's queues in order, by name): its drain time
  // after the fault (drain_time), the mean over replications, null unless every one drained.
  std::vector<std::pair<std::string, std::optional<double>>> drain_s;
  // Every occurrence, replication by replication; a fault without a schedule
  // has one in each. The figures above are theirs: per replication, detect_s
  // the mean of those detected, recover_s the mean if all recovered, breach_s the sum.
  std::vector<OccurrenceSummary> occurrences;
  bool scheduled = false;
  std::optional<int> held_back;  // with a blast radius: onsets it held back, over all replications
};

// Per bucket: the requests that ended, and those that succeeded; and each
// queue's mean backlog, its visible messages (the scenario's queues in order), for its drain time.
struct AvailabilitySeries {
  double bucket_s = 1;
  std::vector<std::uint64_t> requests, successes;
  std::vector<std::vector<double>> queue_depth;
};

// How long after `end_s` a queue's backlog is gone: the start of the first
// bucket at or after `end_s` whose mean backlog (visible messages) is back
// within its range before the fault (at most the largest bucket's from
// `from_s`, the warmup's end, to `start_s`, and at least one message), in
// seconds after `end_s`; null if none is before `next_start_s` (the next
// fault) or the run's end.

// When availability is back at `objective` after `end_s` for good, as seconds
// after `end_s`: the start of the last stretch of buckets, among those
// starting at or after `end_s`, whose windows of recovery_window_buckets
// buckets are all at the objective, the stretch lasting up to the next
// fault's start (`next_start_s`) or the run's end. A window is cut short
// there; a window in which no request ended tells nothing and does not count
// as recovered. Null when the last window is below the objective (the run, or
// the time before the next fault, ends in breach), or there is none. Failures
// still in flight when the fault ends (retries, queues draining) thus delay
// recovery until they are over, however good the buckets before them look.
std::optional<double> recovery_time(const AvailabilitySeries& series, double end_s, double objective,
                                    std::optional<double> next_start_s);

// Seconds from `start_s` to `until_s` (the recovery point, or the next
// fault's start; the run's end if null) spent in buckets whose availability
// is below `objective`.
double breach_time(const AvailabilitySeries& series, double start_s, std::optional<double> until_s, double objective);

std::optional<double> drain_time(const std::vector<double>& depth, double bucket_s, double from_s, double start_s, double end_s,
                                 std::optional<double> next_start_s);

// Adds a bucket to the series recovery is judged on: the SLO's client's, or
// every client's together.
void add_bucket(AvailabilitySeries& series, const scenarios::Scenario& scenario, const sim::BucketFrame& bucket);
double recovery_objective(const scenarios::Scenario& scenario);

// `availability`: each run's series (add_bucket), in the order of `runs`.
// Without runs, each fault's figures are empty and its window is the first occurrence's.
std::vector<FaultSummary> summarize_faults(const scenarios::Scenario& scenario, const std::vector<sim::ReplicationResult>& runs,
                                           const std::vector<AvailabilitySeries>& availability);

}  // namespace chaossim::reports
