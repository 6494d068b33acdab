#pragma once
// A time-series chart, drawn by gnuplot (svg for the report, pngcairo for
// slides). The data travel to gnuplot inline, as a datablock of its script.
#include <optional>
#include <string>
#include <utility>
#include <vector>


namespace chaossim::reports {

// A fault's window, shaded on a chart.
struct FaultWindow {
  std::string name;  // "index:kind"
  double start_s = 0, end_s = 0;
};

// Each y holds over its whole bucket: lines are drawn as steps from each
// bucket's start to the next.
struct ChartLine {
  std::string title;
  std::vector<std::optional<double>> y;  // one per x; empty values break the line
};

struct Chart {
  std::string id;  // a file-name-safe identifier
  std::string title, ylabel;
  std::vector<double> x;  // bucket starts, seconds
  std::vector<ChartLine> lines;
  std::vector<FaultWindow> faults;                        // shaded
  std::vector<std::pair<std::string, double>> objectives;  // horizontal dashed lines
  std::optional<std::pair<double, double>> yrange;  // (bottom, top): top below bottom turns the axis over
  // A logarithmic y axis: values at or below 0 are not drawn.
  bool log_y = false;
  std::vector<std::pair<std::string, double>> ytics;  // labels of their own, at these values
};

// Turns a chart of availabilities (its lines and objectives) into one in
// nines: a log scale of 1 - availability, better up, so that 99.8% and 99.99%
// are two steps apart; a bucket better than five nines is drawn there.
void show_in_nines(Chart& chart);

enum class ChartFormat { svg, png };

// The gnuplot script that draws `chart` into `output`.
std::string gnuplot_script(const Chart& chart, ChartFormat format, const std::string& output);
// Runs gnuplot; the svg text or the png bytes. Throws std::runtime_error with
// gnuplot's message when it fails or is missing.
std::string render_chart(const Chart& chart, ChartFormat format);
// The same for several charts, drawn by one gnuplot process.
std::vector<std::string> render_charts(const std::vector<Chart>& charts, ChartFormat format);

}  // namespace chaossim::reports
