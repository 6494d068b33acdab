#pragma once
// What a sweep's folder holds (done, failed, missing points), and its
// outputs built from the points on disk: sweep.csv, sweep.json, sweep.html.
// The same for a local sweep that has just finished and for workers'
// points gathered from a cluster.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/sweep_table.hpp"
#include "tools/sweep/sweep_folder.hpp"

namespace chaossim::tools {

struct Inventory {
  std::vector<std::string> all, done, missing;
  std::vector<std::pair<std::string, std::string>> failed;  // id, its error
  bool complete() const { return done.size() == all.size(); }
};
Inventory take_inventory(const SweepFolder& folder, const std::vector<PlannedPoint>& points);
// "120 points: 117 done, 1 failed, 2 missing (p0040-p0041)", then each failure's error.
std::string describe(const Inventory& inventory, std::size_t failures_shown = 20);

class MergeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The table of a folder whose points are all done, with the metrics and
// Pareto pair asked for (the plan's when empty). Throws MergeError naming a
// metric the results do not have, or a point whose results cannot be read.
reports::SweepTable sweep_table(const SweepFolder& folder, const nlohmann::ordered_json& plan, std::vector<std::string> metrics = {},
                                std::vector<std::string> pareto = {});
// sweep.csv, sweep.json and sweep.html, each whole or not at all.
void write_sweep_outputs(const SweepFolder& folder, const reports::SweepTable& table, const nlohmann::ordered_json& sweep_document);

}  // namespace chaossim::tools
