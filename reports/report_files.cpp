#include "reports/results_file.hpp"
#include "reports/report_files.hpp"

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/report_html.hpp"
#include "reports/results_json.hpp"
#include "reports/summary_md.hpp"

namespace chaossim::reports {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

std::vector<std::string> write_report_files(const std::string& dir_name, const ReportFormats& formats) {
  const fs::path dir(dir_name);
  return write_report_files(dir_name, formats, read_results_file(dir / "results.json"));
}

std::vector<std::string> write_report_files(const std::string& dir_name, const ReportFormats& formats, const ordered_json& results) {
  const fs::path dir(dir_name);
  std::vector<std::string> written;
  try {
    if (formats.md) {
      const auto path = (dir / "summary.md").string();
      write_file_atomically(path, summary_md(results));
      written.push_back(path);
    }
    if (formats.html) {
      const auto path = (dir / "report.html").string();
      write_file_atomically(path, report_html(results, [](const std::vector<Chart>& c) { return render_charts(c, ChartFormat::svg); }));
      written.push_back(path);
    }
    if (formats.png) {
      std::vector<const ordered_json*> variants;
      if (results.contains("variants")) {
        for (const auto& [name, v] : results["variants"].items()) variants.push_back(&v);
      } else {
        variants.push_back(&results);
      }
      std::vector<Chart> charts;
      for (const auto* v : variants)
        for (auto& chart : report_charts(*v)) charts.push_back(std::move(chart));
      const auto drawn = render_charts(charts, ChartFormat::png);
      for (std::size_t i = 0; i < charts.size(); ++i) {
        const auto path = (dir / "charts" / (charts[i].id + ".png")).string();
        write_file_atomically(path, drawn[i]);
        written.push_back(path);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("{}: not a complete chaossim/results/v1 document ({})", (dir / "results.json").string(), e.what()));
  }
  return written;
}

}  // namespace chaossim::reports
