#pragma once
// The human-facing files of a results directory, made from results.json and
// timeseries.csv alone: summary.md, report.html, and the charts as PNG for
// slides. `run` makes them after writing those two; `report` remakes them.
#include <string>
#include <vector>

namespace chaossim::reports {

struct ReportFormats {
  bool md = true, html = true, png = false;
};

// Writes the chosen files into `dir` (charts/ for PNG) and returns their
// paths. Throws std::runtime_error naming the file and the problem.
std::vector<std::string> write_report_files(const std::string& dir, const ReportFormats& formats);

}  // namespace chaossim::reports
