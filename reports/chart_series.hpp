#pragma once
// What charts read from a results document's `timeseries`: its points' x, the
// fault windows to shade, and series as values with gaps. Shared by the
// report and compare, so that both draw results.json's figures the same way;
// a member that results from an older chaossim lack reads as nothing.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/gnuplot_chart.hpp"

namespace chaossim::reports {

// `o[key]`, or an empty array when `o` has no such member.
const nlohmann::ordered_json& member(const nlohmann::ordered_json& o, const std::string& key);
// A series (numbers and nulls) as chart values: null stays a gap.
std::vector<std::optional<double>> chart_values(const nlohmann::ordered_json& series);
// Where each point starts (`bucket_start_s`), and the fault windows, of a variant's `timeseries`.
std::vector<double> chart_x(const nlohmann::ordered_json& timeseries);
std::vector<FaultWindow> chart_faults(const nlohmann::ordered_json& timeseries);

}  // namespace chaossim::reports
