#pragma once
// The human-facing files of a results directory: summary.md, report.html,
// and the charts as PNG for slides, made from the results document alone
// (what results.json holds). `run` makes them from the document it has just
// rendered; `report` remakes them from the file, to the same bytes.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chaossim::reports {

struct ReportFormats {
  bool md = true, html = true, png = false;
};

// Writes the chosen files into `dir` (charts/ for PNG) and returns their
// paths. Throws std::runtime_error naming the file and the problem.
std::vector<std::string> write_report_files(const std::string& dir, const ReportFormats& formats);  // reads dir/results.json
std::vector<std::string> write_report_files(const std::string& dir, const ReportFormats& formats,
                                            const nlohmann::ordered_json& results);

}  // namespace chaossim::reports
