#pragma once
// Grouped bars with error bars (gnuplot's histogram style): one group per
// category, one bar per series, each with its confidence interval.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "reports/gnuplot_chart.hpp"

namespace chaossim::reports {

struct BarChart {
  std::string id, title, ylabel;
  std::vector<std::string> groups;  // along x
  std::vector<std::string> series;  // a bar each within a group
  // [group][series]: mean, low, high; none draws no bar
  std::vector<std::vector<std::optional<std::array<double, 3>>>> values;
};

std::string bar_chart_script(const BarChart& chart, ChartFormat format, const std::string& output);
std::string render_bar_chart(const BarChart& chart, ChartFormat format);

}  // namespace chaossim::reports
