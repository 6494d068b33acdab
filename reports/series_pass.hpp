#pragma once
// The runs' buckets, read once from their spools in time order, every run in
// step: the per-bucket series of a variant's summary (thinned to what a
// person can read, thinning.hpp), and each run's availability, which
// recovery is judged on. Holds one bucket of each run at a time.
#include <optional>
#include <string>
#include <vector>

#include "reports/recovery.hpp"
#include "reports/summary.hpp"
#include "scenarios/scenario.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::reports {

struct SeriesPass {
  std::size_t buckets = 0;
  std::size_t every = 1;  // buckets per group of two points; 1: a point per bucket
  std::vector<double> point_starts_s;
  std::vector<ClientSeries> clients;
  std::vector<ServiceSeries> services;
  std::vector<EdgeSeries> edges;
  std::vector<AvailabilitySeries> availability;  // per run
  std::optional<SteadyState> steady_state;       // with an slo (steady_state.hpp)
  std::optional<std::string> warmup_warning;     // warmup_detection.hpp
};

// Throws std::runtime_error when a spool cannot be read or is cut short.
SeriesPass read_series(const scenarios::Scenario& scenario, const std::vector<sim::ReplicationResult>& runs);

}  // namespace chaossim::reports
