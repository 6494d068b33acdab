#pragma once
// report.html: one self-contained page per run (no network, no other file),
// readable on a laptop and printable: per variant, the summary, the SLO
// verdicts, the recovery of each fault, the client, service and call tables,
// and gnuplot's charts inline, fault windows shaded and objectives drawn.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/gnuplot_chart.hpp"

namespace chaossim::reports {

// The charts of one variant, in the report's order, drawn from its results'
// timeseries: the figures results.json holds, never a second definition.
std::vector<Chart> report_charts(const nlohmann::ordered_json& variant);

// Turns charts into svg texts, one each (render_charts in production).
using ChartDrawer = std::function<std::vector<std::string>(const std::vector<Chart>&)>;
std::string report_html(const nlohmann::ordered_json& results, const ChartDrawer& draw);

}  // namespace chaossim::reports
