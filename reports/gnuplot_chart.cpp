#include "reports/gnuplot_chart.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace chaossim::reports {

namespace {

// Gnuplot's single-quoted strings take '' for a quote and nothing else special.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'') out += '\'';
    if (ch != '\n') out += ch;
  }
  return out + "'";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A palette readable in print and by the colour-blind (Okabe and Ito).
constexpr const char* palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};

}  // namespace

std::string gnuplot_script(const Chart& c, ChartFormat format, const std::string& output) {
  std::string s;
  if (format == ChartFormat::svg) s += "set terminal svg size 900,300 dynamic font 'sans,11' background '#ffffff'\n";
  else s += "set terminal pngcairo size 1500,500 font 'sans,14' background '#ffffff'\n";
  s += "set termoption noenhanced\n";
  s += fmt::format("set output {}\n", quoted(output));
  s += "set datafile missing 'NaN'\nset grid lc rgb '#dddddd'\nset border 3\nset tics nomirror\n";
  s += "set key outside right top samplen 2\nset xlabel 'time (s)'\n";
  s += fmt::format("set title {}\nset ylabel {}\n", quoted(c.title), quoted(c.ylabel));
  if (!c.x.empty()) s += fmt::format("set xrange [{}:{}]\n", c.x.front(), c.x.back() + (c.x.size() > 1 ? c.x[1] - c.x[0] : 1));
  if (c.yrange) s += fmt::format("set yrange [{}:{}]\n", c.yrange->first, c.yrange->second);
  else s += "set yrange [0:*]\n";
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
    for (const auto& line : c.lines) s += at < line.y.size() && line.y[at] ? fmt::format(" {}", *line.y[at]) : std::string(" NaN");
    s += "\n";
  }
  s += "EOD\n";
  std::vector<std::string> plots;
  for (std::size_t i = 0; i < c.lines.size(); ++i)
    plots.push_back(fmt::format("$data using 1:{} with steps lw 2 lc rgb '{}' title {}", i + 2, palette[i % std::size(palette)],
                                quoted(c.lines[i].title)));
  for (const auto& [label, y] : c.objectives)
    plots.push_back(fmt::format("{} with lines dt 2 lw 1.5 lc rgb '#B00000' title {}", y, quoted(label)));
  if (plots.empty()) {
    // Nothing to draw here (no breaker, no pipeline): say so on empty axes.
    s += "set label 1 'nothing to show in this run' at graph 0.5, graph 0.5 center tc rgb '#777777'\nset yrange [0:1]\n";
    plots.push_back("0 with lines lc rgb '#cccccc' notitle");
  }
  s += "plot ";
  for (std::size_t i = 0; i < plots.size(); ++i) s += (i == 0 ? "" : ", \\\n     ") + plots[i];
  s += "\nunset output\n";
  return s;
}

std::string render_chart(const Chart& c, ChartFormat format) {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() / fmt::format("chaossim-chart-{}-{}", ::getpid(), counter++);
  const auto out = base.string() + (format == ChartFormat::svg ? ".svg" : ".png");
  const auto err = base.string() + ".err";
  std::FILE* gp = ::popen(fmt::format("gnuplot 2> '{}'", err).c_str(), "w");
  if (gp == nullptr) throw std::runtime_error("cannot start gnuplot");
  const std::string script = gnuplot_script(c, format, out);
  std::fwrite(script.data(), 1, script.size(), gp);
  const int status = ::pclose(gp);
  const std::string message = slurp(err);
  std::filesystem::remove(err);
  if (status != 0 || !std::filesystem::exists(out)) {
    std::filesystem::remove(out);
    throw std::runtime_error(fmt::format("gnuplot could not draw \"{}\" ({}): {}", c.title,
                                         status == 127 * 256 ? "gnuplot not found; install gnuplot-nox" : "it failed", message));
  }
  std::string bytes = slurp(out);
  std::filesystem::remove(out);
  return bytes;
}

}  // namespace chaossim::reports
