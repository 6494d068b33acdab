#pragma once
// The tables of a results object (SLO checks, faults, clients, services,
// edges), as cells, for summary.md and report.html alike.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chaossim::reports {

struct Table {
  std::string title;
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> failing;  // per row: a check not met
};

// The tables of one variant's results object, in reading order (SLO checks
// only with an slo, faults only with faults).
std::vector<Table> result_tables(const nlohmann::ordered_json& variant);

}  // namespace chaossim::reports
