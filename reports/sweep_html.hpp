#pragma once
// sweep.html: one self-contained page (charts inline as svg) showing what a
// sweep found: its charts (sweep_charts.hpp), a bisect's answer, the Pareto
// front, and every point in a table.
#include <string>

#include "reports/sweep_table.hpp"

namespace chaossim::reports {

// Throws std::runtime_error when gnuplot cannot draw the charts.
std::string sweep_html(const SweepTable& table);

}  // namespace chaossim::reports
