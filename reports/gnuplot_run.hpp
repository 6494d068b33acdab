#pragma once
// Running gnuplot, and the parts every chart's script shares.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "reports/gnuplot_chart.hpp"

namespace chaossim::reports {

// Gnuplot's single-quoted string for `text`.
std::string gnuplot_quoted(const std::string& text);
// The i-th colour of a palette readable in print and by the colour-blind.
const char* gnuplot_color(std::size_t i);
// Terminal, output, title and the common look.
// `height`: of the svg, in pixels (the png's is in proportion).
std::string gnuplot_preamble(ChartFormat format, const std::string& output, const std::string& title, const std::string& ylabel,
                             int height = 300);
// Runs the script `script(output)` makes; the svg text or the png bytes.
// Throws std::runtime_error with gnuplot's message when it fails or is missing.
std::string run_gnuplot(const std::string& title, ChartFormat format, const std::function<std::string(const std::string&)>& script);
// Several charts in one gnuplot process: `script(i, output)` draws chart i.
std::vector<std::string> run_gnuplot(const std::vector<std::string>& titles, ChartFormat format,
                                     const std::function<std::string(std::size_t, const std::string&)>& script);

}  // namespace chaossim::reports
