#pragma once
// Runs points of a sweep, as many simulations at once as there are jobs,
// each point written to its folder the moment its last replication ends: a
// sweep stopped at any moment keeps every point it finished.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/sweep/sweep_file.hpp"
#include "tools/progress_line.hpp"
#include "tools/sweep/sweep_folder.hpp"

namespace chaossim::tools {

struct PointRunOptions {
  int jobs = 1;
  double memory_bytes = 0;  // per simulation process; 0: no limit
  std::function<bool()> stop_requested;
  ProgressLine* progress = nullptr;
  std::size_t points_done_before = 0, points_total = 0;  // for the progress line
  // Given the first results written: why the sweep cannot use them (a
  // metric they do not have), which stops the runs, or empty.
  std::function<std::string(const nlohmann::ordered_json&)> check_first;
};

struct PointsOutcome {
  std::vector<std::string> done;
  std::vector<std::pair<std::string, std::string>> failed;  // id, why
  std::string stopped_because;  // check_first's complaint
};

// Throws sim::RunInterrupted when stop_requested, sim::RunFailed (and its
// kinds) when the runs cannot go on (memory), std::runtime_error when the
// folder cannot be written.
PointsOutcome run_points(const scenarios::SweepFile& sweep, const SweepFolder& folder, const std::vector<PlannedPoint>& points,
                         const PointRunOptions& options);

}  // namespace chaossim::tools
