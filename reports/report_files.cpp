#include "reports/results_file.hpp"
#include "reports/report_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/report_html.hpp"
#include "reports/results_json.hpp"
#include "reports/summary_md.hpp"
#include "reports/timeseries_table.hpp"

namespace chaossim::reports {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read it; expected the results directory of a `chaossim run`", p.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::vector<std::string> write_report_files(const std::string& dir_name, const ReportFormats& formats) {
  const fs::path dir(dir_name);
  const auto results = read_results_file(dir / "results.json");
  std::vector<std::string> written;
  try {
    if (formats.md) {
      const auto path = (dir / "summary.md").string();
      write_file_atomically(path, summary_md(results));
      written.push_back(path);
    }
    if (!formats.html && !formats.png) return written;
    const auto csv = dir / "timeseries.csv";
    TimeseriesTable table;
    try {
      table = TimeseriesTable::parse(read(csv));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("{}: {}", csv.string(), e.what()));
    }
    if (formats.html) {
      const auto path = (dir / "report.html").string();
      write_file_atomically(path, report_html(results, table, [](const Chart& c) { return render_chart(c, ChartFormat::svg); }));
      written.push_back(path);
    }
    if (formats.png) {
      std::vector<const ordered_json*> variants;
      if (results.contains("variants")) {
        for (const auto& [name, v] : results["variants"].items()) variants.push_back(&v);
      } else {
        variants.push_back(&results);
      }
      for (const auto* v : variants)
        for (const auto& chart : report_charts(*v, table)) {
          const auto path = (dir / "charts" / (chart.id + ".png")).string();
          write_file_atomically(path, render_chart(chart, ChartFormat::png));
          written.push_back(path);
        }
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("{}: not a complete chaossim/results/v1 document ({})", (dir / "results.json").string(), e.what()));
  }
  return written;
}

}  // namespace chaossim::reports
