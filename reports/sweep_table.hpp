#pragma once
// What a sweep found: one row per point (its parameters' values, each
// metric with its interval, the SLO's verdict), and the files made from it:
// sweep.csv and sweep.json (SWEEP-FORMAT.md).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/slo_check.hpp"

#include "reports/sweep_metrics.hpp"

namespace chaossim::reports {

inline constexpr const char* sweep_results_schema_id = "chaossim/sweep-results/v1";

struct SweepRow {
  std::string id;
  std::vector<nlohmann::ordered_json> values;  // one per parameter
  std::vector<MetricEstimate> metrics;         // one per metric
  std::optional<bool> slo_met;                 // none: the scenario has no SLO
  std::optional<Verdict> slo_verdict{};        // met, not met or inconclusive (slo_check.hpp)
};

// A bisect design's answer: where the metric crosses the threshold.
struct EdgeFound {
  std::string parameter, metric;
  double threshold = 0, precision = 0;
  // The last bracket: the parameter's values either side of the crossing.
  std::optional<double> low, high;
  // The nearest points outward whose metric is on its side with 95%
  // confidence (their intervals exclude the threshold): where the crossing
  // lies given the noise, if the metric moves one way.
  std::optional<double> confident_low, confident_high;
  std::string verdict;  // "found", or why not: "no crossing between ...", ...
};

struct SweepTable {
  std::string name, description;
  std::vector<std::string> parameters;  // their paths
  std::vector<std::string> metrics;
  std::vector<SweepRow> rows;  // in point order
  std::vector<std::string> pareto;  // the two columns of the front, metrics or parameters (may be empty)
  std::vector<std::string> pareto_front;  // ids of the points on it
  std::optional<EdgeFound> edge;
};

// A row from a point's results.json.
SweepRow sweep_row(const std::string& id, const std::vector<nlohmann::ordered_json>& values,
                   const std::vector<std::string>& metrics, const nlohmann::ordered_json& results);

// A column by name: a metric's values, or a parameter's (by its path) as
// numbers; nullopt when the table has neither.
std::optional<std::vector<std::optional<double>>> column(const SweepTable& table, const std::string& name);
// Which way a column is better: a metric's own way (higher_is_better); a
// parameter is a cost (instances, a budget), better lower.
bool better_higher(const SweepTable& table, const std::string& name);

// The points no other point beats on both columns (each better its own
// way); points missing either are left out.
std::vector<std::string> pareto_front(const SweepTable& table, const std::string& x, const std::string& y);

std::string sweep_csv(const SweepTable& table);
// `sweep_document` is the sweep file as read, echoed.
nlohmann::ordered_json sweep_json(const SweepTable& table, const nlohmann::ordered_json& sweep_document);

// A parameter's value as a number (a unit after it is left out: "100/s" is
// 100), or none for a value that is not one.
std::optional<double> numeric_value(const nlohmann::ordered_json& value);

}  // namespace chaossim::reports
