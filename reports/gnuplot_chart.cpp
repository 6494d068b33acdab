#include "reports/gnuplot_chart.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/gnuplot_run.hpp"

namespace chaossim::reports {

std::string gnuplot_script(const Chart& c, ChartFormat format, const std::string& output) {
  std::string s = gnuplot_preamble(format, output, c.title, c.ylabel);
  s += "set xlabel 'time (s)'\n";
  if (!c.x.empty()) s += fmt::format("set xrange [{}:{}]\n", c.x.front(), c.x.back() + (c.x.size() > 1 ? c.x[1] - c.x[0] : 1));
  if (c.log_y) s += "set logscale y\n";
  if (c.yrange) s += fmt::format("set yrange [{}:{}]\n", c.yrange->first, c.yrange->second);
  else s += c.log_y ? "set yrange [*:*]\n" : "set yrange [0:*]\n";
  if (!c.ytics.empty()) {
    std::vector<std::string> tics;
    // A tic label is a format for its value: a literal % is written %%.
    for (const auto& [label, at] : c.ytics) {
      std::string literal;
      for (char ch : label) literal += ch == '%' ? std::string("%%") : std::string(1, ch);
      tics.push_back(fmt::format("{} {}", gnuplot_quoted(literal), at));
    }
    s += fmt::format("set ytics ({})\n", fmt::join(tics, ", "));
  }
  int object = 1;
  for (const auto& f : c.faults)
    s += fmt::format("set object {} rect from {}, graph 0 to {}, graph 1 behind fc rgb '#f4c7c3' fs solid 0.45 noborder\n",
                     object++, f.start_s, f.end_s);
  // One more row at the end of the last bucket, so that its step is drawn whole.
  s += "$data << EOD\n";
  const double width = c.x.size() > 1 ? c.x[1] - c.x[0] : 1;
  for (std::size_t k = 0; k <= c.x.size() && !c.x.empty(); ++k) {
    const std::size_t at = std::min(k, c.x.size() - 1);
    s += fmt::format("{}", k < c.x.size() ? c.x[k] : c.x.back() + width);
    for (const auto& line : c.lines) {
      const bool drawn = at < line.y.size() && line.y[at] && (!c.log_y || *line.y[at] > 0);
      s += drawn ? fmt::format(" {}", *line.y[at]) : std::string(" NaN");
    }
    s += "\n";
  }
  s += "EOD\n";
  std::vector<std::string> plots;
  // gnuplot refuses a plot whose every point is undefined: a line with no
  // value in this run (no request finished) is left out.
  const auto drawable = [&](const auto& line) {
    return std::any_of(line.y.begin(), line.y.end(), [&](const auto& y) { return y && (!c.log_y || *y > 0); });
  };
  for (std::size_t i = 0; i < c.lines.size(); ++i)
    if (drawable(c.lines[i]))
      plots.push_back(fmt::format("$data using 1:{} with steps lw 2 lc rgb '{}' title {}", i + 2, gnuplot_color(i),
                                  gnuplot_quoted(c.lines[i].title)));
  for (const auto& [label, y] : c.objectives)
    plots.push_back(fmt::format("{} with lines dt 2 lw 1.5 lc rgb '#B00000' title {}", y, gnuplot_quoted(label)));
  if (plots.empty()) {
    // Nothing to draw here (no breaker, no pipeline): say so on empty axes.
    s += "unset logscale y\nset label 1 'nothing to show in this run' at graph 0.5, graph 0.5 center tc rgb '#777777'\n"
         "set yrange [0:1]\nunset ytics\nset ytics\n";
    plots.push_back("0 with lines lc rgb '#cccccc' notitle");
  }
  s += "plot ";
  for (std::size_t i = 0; i < plots.size(); ++i) s += (i == 0 ? "" : ", \\\n     ") + plots[i];
  s += "\nunset output\n";
  return s;
}

void show_in_nines(Chart& c) {
  static constexpr double best_shown = 1e-5;
  const auto unavailability = [](double a) { return std::max(1 - a, best_shown); };
  for (auto& line : c.lines)
    for (auto& y : line.y)
      if (y) y = unavailability(*y);
  for (auto& objective : c.objectives) objective.second = unavailability(objective.second);
  c.log_y = true;
  c.yrange = std::make_pair(1.0, best_shown * 0.8);
  c.ytics = {{"0%", 1.0}, {"90%", 0.1}, {"99%", 0.01}, {"99.9%", 1e-3}, {"99.99%", 1e-4}, {"99.999%+", 1e-5}};
}

std::string render_chart(const Chart& c, ChartFormat format) {
  return run_gnuplot(c.title, format, [&](const std::string& output) { return gnuplot_script(c, format, output); });
}

std::vector<std::string> render_charts(const std::vector<Chart>& charts, ChartFormat format) {
  if (charts.empty()) return {};
  std::vector<std::string> titles;
  for (const auto& c : charts) titles.push_back(c.title);
  return run_gnuplot(titles, format, [&](std::size_t i, const std::string& output) { return gnuplot_script(charts[i], format, output); });
}

}  // namespace chaossim::reports
