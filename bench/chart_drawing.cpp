// What drawing a report's charts costs, two ways, on the same charts: gnuplot
// (what report.html uses: one process for all of a page's charts) and an
// in-process SVG writer. The writer here is a measuring prototype, not a
// renderer: step lines, fault shading, objectives, five ticks an axis and a
// legend; no nice tick values, log axes drawn linear in the exponent, no text
// layout. Its time is a floor for drawing in-process: a real one does more.
// Usage: bench_chart_drawing RESULTS_JSON [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/gnuplot_chart.hpp"
#include "reports/report_html.hpp"

using chaossim::reports::Chart;

namespace {

constexpr double width = 800, height = 300, left = 60, right = 780, top = 30, bottom = 260;

std::string draw_in_process(const Chart& chart) {
  const auto value = [&](double y) { return chart.log_y ? (y > 0 ? std::log10(y) : std::nan("")) : y; };
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& line : chart.lines)
    for (const auto& y : line.y)
      if (y && std::isfinite(value(*y))) {
        lo = std::min(lo, value(*y));
        hi = std::max(hi, value(*y));
      }
  if (chart.yrange) lo = value(chart.yrange->first), hi = value(chart.yrange->second);
  if (!std::isfinite(lo) || hi <= lo) lo = 0, hi = 1;
  const double x0 = chart.x.empty() ? 0 : chart.x.front(), x1 = chart.x.empty() ? 1 : chart.x.back() + 1e-9;
  const auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  const auto py = [&](double y) { return bottom - (value(y) - lo) / (hi - lo) * (bottom - top); };
  std::string svg = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\">\n<text x=\"{}\" y=\"18\">{}</text>\n",
                                width, height, left, chart.title);
  for (const auto& f : chart.faults)
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#eee\"/>\n", px(f.start_s), top,
                       px(f.end_s) - px(f.start_s), bottom - top);
  for (int k = 0; k <= 4; ++k) {
    const double y = bottom - k * (bottom - top) / 4, v = lo + k * (hi - lo) / 4;
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ccc\"/><text x=\"4\" y=\"{:.1f}\">{:.3g}</text>\n", left, y,
                       right, y, y, chart.log_y ? std::pow(10, v) : v);
    const double x = left + k * (right - left) / 4;
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{:.4g}</text>\n", x, bottom + 16, x0 + k * (x1 - x0) / 4);
  }
  for (const auto& [name, y] : chart.objectives)
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke-dasharray=\"4\" stroke=\"red\"/>\n", left, py(y), right, py(y));
  static const char* colours[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666"};
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    const auto& line = chart.lines[i];
    std::string points;
    for (std::size_t k = 0; k < line.y.size() && k < chart.x.size(); ++k) {
      if (!line.y[k] || !std::isfinite(value(*line.y[k]))) continue;
      const double next = k + 1 < chart.x.size() ? chart.x[k + 1] : x1;
      fmt::format_to(std::back_inserter(points), "{:.1f},{:.1f} {:.1f},{:.1f} ", px(chart.x[k]), py(*line.y[k]), px(next), py(*line.y[k]));
    }
    svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" points=\"{}\"/>\n<text x=\"{}\" y=\"{}\" fill=\"{}\">{}</text>\n", colours[i % 8],
                       points, right - 150, top + 14 * (i + 1), colours[i % 8], line.title);
  }
  return svg + "</svg>\n";
}

template <class F>
double best_of(int rounds, F&& f) {
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s RESULTS_JSON [ROUNDS]\n", argv[0]);
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  std::ifstream in(argv[1]);
  const auto results = nlohmann::ordered_json::parse(in);
  std::vector<Chart> charts;
  if (results.contains("variants"))
    for (const auto& [name, v] : results["variants"].items())
      for (auto& c : chaossim::reports::report_charts(v)) charts.push_back(std::move(c));
  else
    charts = chaossim::reports::report_charts(results);
  std::size_t points = 0, gnuplot_bytes = 0, own_bytes = 0;
  for (const auto& c : charts)
    for (const auto& l : c.lines) points += l.y.size();
  const double gnuplot_s = best_of(rounds, [&] {
    gnuplot_bytes = 0;
    for (const auto& svg : chaossim::reports::render_charts(charts, chaossim::reports::ChartFormat::svg)) gnuplot_bytes += svg.size();
  });
  const double own_s = best_of(rounds, [&] {
    own_bytes = 0;
    for (const auto& c : charts) own_bytes += draw_in_process(c).size();
  });
  fmt::print("CHARTS charts={} points={} gnuplot_s={:.4f} gnuplot_kb={} in_process_s={:.4f} in_process_kb={}\n", charts.size(), points,
             gnuplot_s, gnuplot_bytes / 1000, own_s, own_bytes / 1000);
  return 0;
}
