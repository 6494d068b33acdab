#pragma once
// What can be known wrong with a sweep before anything runs, beyond what
// its loader says: the metrics against the scenario's clients, services and
// faults, and each point's values against the scenario's rules. `chaossim
// sweep` refuses to start on any of it; `chaossim validate` reports it.
#include <vector>

#include "scenarios/diagnostics.hpp"
#include "scenarios/sweep/sweep_file.hpp"
#include "tools/sweep/sweep_folder.hpp"

namespace chaossim::tools {

// The design's points, with their ids (none for a bisect: it decides them as it goes).
std::vector<PlannedPoint> plan_points(const scenarios::SweepFile& sweep);

std::vector<scenarios::Diagnostic> metric_errors(const scenarios::SweepFile& sweep);
std::vector<scenarios::Diagnostic> point_errors(const scenarios::SweepFile& sweep, const std::vector<PlannedPoint>& points);

}  // namespace chaossim::tools
