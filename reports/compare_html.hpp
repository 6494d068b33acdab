#pragma once
// compare.html: the comparison as a self-contained page: the table of
// metrics with each paired difference and its interval, availability and p99
// latency over time with every variant overlaid, and each fault's recovery
// time per variant as bars with their 95% confidence intervals.
#include <functional>
#include <string>
#include <vector>

#include "reports/bar_chart.hpp"
#include "reports/compare.hpp"

namespace chaossim::reports {

struct CompareDrawing {
  std::function<std::string(const Chart&)> chart;
  std::function<std::string(const BarChart&)> bars;
};

std::vector<Chart> compare_charts(const std::vector<Compared>& variants);
BarChart recovery_bars(const std::vector<Compared>& variants);
std::string compare_html(const Comparison& comparison, const std::vector<Compared>& variants, const CompareDrawing& draw);

}  // namespace chaossim::reports
