#pragma once
// What a run will cost, reckoned before it starts, so that a scenario that
// would take hours or more memory than the machine has is refused with a
// message instead of found out by the operating system.
#include <vector>

#include "scenarios/scenario.hpp"

namespace chaossim::sim {

struct WorkEstimate {
  double requests = 0;      // client requests, over every variant and replication (an upper bound)
  double series_cells = 0;  // bucket x subject (client, service or call edge) x replication
  double memory_bytes = 0;  // what the runs' results hold, most of it their time series
};

WorkEstimate estimate_work(const std::vector<const scenarios::Scenario*>& variants, int replications);

// Measured: a bucket of one subject's series, with its latency histograms,
// holds about this much in a replication's results.
inline constexpr double bytes_per_series_cell = 5 * 1024;

}  // namespace chaossim::sim
