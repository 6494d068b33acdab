#pragma once
// Where the start-up transient ends. A run starts empty (no queue, no open
// breaker, caches cold); its first minutes are not the steady state, and
// figures that include them are biased. MSER-5 (White 1997; Franklin and
// White 2008) deletes the prefix that minimises the standard error of what
// remains: batch means of 5 observations, then the d minimising
// sum_{j>d} (Z_j - mean_{j>d} Z)^2 / (m - d)^2 over the first half of the
// m batches (a minimum at the half's edge says the series is still drifting,
// or the run too short to tell).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::reports {

inline constexpr std::size_t mser_batch = 5;
// Fewer batches than this tell nothing either way.
inline constexpr std::size_t mser_min_batches = 10;

struct Mser {
  std::size_t truncate = 0;  // observations to delete: a multiple of mser_batch
  bool determined = false;   // false: the minimum is at the first half's edge, or too few batches
};
Mser mser5(const std::vector<double>& series);

// Fed the runs' buckets in time order (series_pass.hpp): the mean latency of
// the SLO's client (else the first client) in each bucket, averaged over
// replications, from the start to the first fault or change in a client's
// rate (a fault's transient, or a flash sale's, is not a warm-up). Says when the configured warmup is shorter than MSER-5's
// truncation by more than a batch and the prefix it deletes differs from the
// rest beyond noise (Welch's 99% interval of their batch means), or when it
// cannot tell.
class WarmupMeter {
 public:
  WarmupMeter(const scenarios::Scenario& scenario, const std::vector<sim::ReplicationResult>& runs);
  void add(std::size_t bucket, const std::vector<sim::BucketFrame>& frames);
  // A warning for the results and the console; nullopt when the warmup suffices.
  std::optional<std::string> warning() const;

 private:
  const scenarios::Scenario& scenario_;
  int client_ = -1;
  double until_s_ = 0;  // the first fault's start, or the run's end
  std::vector<double> starts_s_, latency_ms_;  // the buckets with an answered request
};

}  // namespace chaossim::reports
