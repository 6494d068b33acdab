#include "reports/gnuplot_run.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace chaossim::reports {

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Okabe and Ito's palette.
constexpr const char* palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};

}  // namespace

std::string gnuplot_quoted(const std::string& text) {
  // Single-quoted: '' for a quote, nothing else is special.
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'') out += '\'';
    if (ch != '\n') out += ch;
  }
  return out + "'";
}

const char* gnuplot_color(std::size_t i) { return palette[i % std::size(palette)]; }

std::string gnuplot_preamble(ChartFormat format, const std::string& output, const std::string& title, const std::string& ylabel,
                             int height) {
  std::string s;
  if (format == ChartFormat::svg) s += fmt::format("set terminal svg size 900,{} dynamic font 'sans,11' background '#ffffff'\n", height);
  else s += fmt::format("set terminal pngcairo size 1500,{} font 'sans,14' background '#ffffff'\n", height * 5 / 3);
  s += "set termoption noenhanced\n";
  s += fmt::format("set output {}\n", gnuplot_quoted(output));
  s += "set datafile missing 'NaN'\nset grid lc rgb '#dddddd'\nset border 3\nset tics nomirror\n";
  s += "set key outside right top samplen 2\n";
  s += fmt::format("set title {}\nset ylabel {}\n", gnuplot_quoted(title), gnuplot_quoted(ylabel));
  return s;
}

std::string run_gnuplot(const std::string& title, ChartFormat format, const std::function<std::string(const std::string&)>& script) {
  return run_gnuplot({title}, format, [&](std::size_t, const std::string& output) { return script(output); }).front();
}

std::vector<std::string> run_gnuplot(const std::vector<std::string>& titles, ChartFormat format,
                                     const std::function<std::string(std::size_t, const std::string&)>& script) {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() / fmt::format("chaossim-chart-{}-{}", ::getpid(), counter++);
  std::vector<std::string> outputs;
  for (std::size_t i = 0; i < titles.size(); ++i)
    outputs.push_back(fmt::format("{}-{}{}", base.string(), i, format == ChartFormat::svg ? ".svg" : ".png"));
  const auto remove_outputs = [&] {
    for (const auto& out : outputs) std::filesystem::remove(out);
  };
  const auto err = base.string() + ".err";
  std::FILE* gp = ::popen(fmt::format("gnuplot 2> '{}'", err).c_str(), "w");
  if (gp == nullptr) throw std::runtime_error("cannot start gnuplot");
  // One process draws them all: starting gnuplot costs more than drawing a chart.
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const std::string text = (i == 0 ? "" : "reset\n") + script(i, outputs[i]);
    std::fwrite(text.data(), 1, text.size(), gp);
  }
  const int status = ::pclose(gp);
  const std::string message = slurp(err);
  std::filesystem::remove(err);
  std::vector<std::string> drawn;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    if (status != 0 || !std::filesystem::exists(outputs[i])) {
      remove_outputs();
      throw std::runtime_error(fmt::format("gnuplot could not draw \"{}\" ({}): {}", titles[i],
                                           status == 127 * 256 ? "gnuplot not found; install gnuplot-nox" : "it failed", message));
    }
    drawn.push_back(slurp(outputs[i]));
  }
  remove_outputs();
  return drawn;
}

}  // namespace chaossim::reports
