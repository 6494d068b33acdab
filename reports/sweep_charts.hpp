#pragma once
// The charts of sweep.html, by the shape of the sweep:
//   - one parameter: each metric against it, with its 95% band;
//   - two parameters on a grid: a heatmap per metric, the SLO's frontier
//     drawn between the cells that meet it and those that do not;
//   - more parameters, or points drawn at random: parallel coordinates
//     (one line per point, coloured by the SLO's verdict), and each
//     parameter against the first metric (small multiples);
//   - the Pareto front of the two metrics that trade off, marked;
//   - a bisect: the metric against the parameter, the threshold and the
//     bracket where it is crossed.
#include <string>
#include <vector>

#include "reports/gnuplot_chart.hpp"
#include "reports/sweep_table.hpp"

namespace chaossim::reports {

struct SweepChart {
  std::string id, title, caption;
  std::string body;  // the gnuplot commands after the preamble: data and plot
  int height = 0;    // svg pixels; 0: the preamble's
};

std::vector<SweepChart> sweep_charts(const SweepTable& table);
// Each chart's svg, drawn by one gnuplot process.
std::vector<std::string> render_sweep_charts(const std::vector<SweepChart>& charts, ChartFormat format);

}  // namespace chaossim::reports
