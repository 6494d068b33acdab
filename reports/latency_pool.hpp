#pragma once
// Answered requests' latencies pooled over buckets (and replications): all of
// them, or only those that succeeded, or only those that failed. A fast
// refusal must not make latency look good (RESULTS-FORMAT v1.1): objectives
// are judged on successes, and failures have figures of their own.
#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "sim/histogram.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::reports {

enum class Answered { all, success, failure };

class LatencyPool {
 public:
  LatencyPool();
  void add(const sim::BucketRecord& bucket);
  // Replaces what it holds by a subject's totals.
  void set(const sim::SubjectTotals& totals);
  void clear();

  bool empty(Answered which) const { return part(which).histogram->empty(); }
  // nullopt when no request of that kind was answered.
  std::optional<double> mean_ms(Answered which) const;
  std::optional<double> quantile_ms(Answered which, double q) const;
  std::optional<double> max_ms(Answered which) const;

 private:
  struct Part {
    double sum_s = 0, max_s = 0;
    std::unique_ptr<sim::LatencyHistogram> histogram = std::make_unique<sim::LatencyHistogram>();
  };
  const Part& part(Answered which) const { return parts_[static_cast<std::size_t>(which)]; }
  std::array<Part, 3> parts_;
};

// One bucket's figures in one replication, read from its sparse histograms
// without making a dense one; nullopt when no such request was answered.
std::optional<double> bucket_mean_ms(const sim::BucketRecord& bucket, Answered which);
std::optional<double> bucket_quantile_ms(const sim::BucketRecord& bucket, Answered which, double q);

// Over replications: the mean of the figures of those that have one
// (summary.hpp's one definition); nullopt when none has.
std::optional<double> over_replications(const std::vector<std::optional<double>>& figures);

}  // namespace chaossim::reports
