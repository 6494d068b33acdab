#include "reports/bar_chart.hpp"

#include <fmt/format.h>

#include "reports/gnuplot_run.hpp"

namespace chaossim::reports {

std::string bar_chart_script(const BarChart& c, ChartFormat format, const std::string& output) {
  std::string s = gnuplot_preamble(format, output, c.title, c.ylabel);
  s += "set style data histograms\nset style histogram errorbars gap 2 lw 1\n";
  s += "set style fill solid 0.75 border -1\nset boxwidth 0.9\nset yrange [0:*]\nunset xlabel\n";
  // Clustered groups sit at x = 0, 1, ...: labelled here, since a group whose
  // first bar is missing would lose a label read from the data.
  s += "set xtics scale 0 (";
  for (std::size_t g = 0; g < c.groups.size(); ++g) s += fmt::format("{}{} {}", g == 0 ? "" : ", ", gnuplot_quoted(c.groups[g]), g);
  s += ")\n";
  s += "$data << EOD\n";
  for (std::size_t g = 0; g < c.groups.size(); ++g) {
    s += fmt::format("{}", g);
    for (std::size_t i = 0; i < c.series.size(); ++i) {
      const auto& v = g < c.values.size() && i < c.values[g].size() ? c.values[g][i] : std::nullopt;
      s += v ? fmt::format(" {} {} {}", (*v)[0], (*v)[1], (*v)[2]) : std::string(" NaN NaN NaN");
    }
    s += "\n";
  }
  s += "EOD\n";
  if (c.groups.empty() || c.series.empty()) {
    s += "set label 1 'nothing to show in this run' at graph 0.5, graph 0.5 center tc rgb '#777777'\nset yrange [0:1]\n";
    s += "plot 0 with lines lc rgb '#cccccc' notitle\n";
  } else {
    s += "plot ";
    for (std::size_t i = 0; i < c.series.size(); ++i) {
      const std::size_t col = 2 + 3 * i;
      s += fmt::format("{}$data using {}:{}:{} lc rgb '{}' title {}", i == 0 ? "" : ", \\\n     ", col, col + 1, col + 2,
                       gnuplot_color(i), gnuplot_quoted(c.series[i]));
    }
    s += "\n";
  }
  s += "unset output\n";
  return s;
}

std::string render_bar_chart(const BarChart& c, ChartFormat format) {
  return run_gnuplot(c.title, format, [&](const std::string& output) { return bar_chart_script(c, format, output); });
}

}  // namespace chaossim::reports
