#pragma once
// The budget runs are held to (--max-requests, --memory-budget): checked
// against sim::estimate_work before anything runs, and the memory again, per
// simulation process, while they run.
#include <optional>
#include <string>

#include "sim/work_estimate.hpp"

namespace chaossim::tools {

struct RunBudget {
  double max_requests = 1e9;  // about a quarter of an hour of simulation on one core
  double memory_bytes = 0;    // default: half the machine's memory
  // Free space where the runs write: their spools, and (run) timeseries.csv.
  std::string disk_folder;
  double disk_bytes = 0;  // 0: not checked
  bool writes_csv = false;
  double csv_ratio = 1;  // of the CSV's plain size: less when compressed
};

RunBudget run_budget(std::optional<double> max_requests, std::optional<double> memory_mib);
// Where `folder` (or its nearest existing parent) is, and what is free there.
void budget_disk(RunBudget& budget, const std::string& folder, bool writes_csv, double csv_ratio = 1);

// Why runs of this estimate would not fit the budget, with the figures and
// what to change; empty when they fit.
std::string over_budget(const sim::WorkEstimate& estimate, const RunBudget& budget);

}  // namespace chaossim::tools
