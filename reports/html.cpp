#include "reports/html.hpp"

#include <fmt/format.h>

namespace chaossim::reports {

namespace {

constexpr const char* style = R"(
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #0072B2; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0 1.5em; font-size: .9em; }
th, td { padding: .25em .6em; border-bottom: 1px solid #ddd; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.failing td { color: #B00000; font-weight: bold; }
caption { text-align: left; font-weight: bold; padding: .3em 0; }
figure { margin: 1em 0; } figure svg { width: 100%; height: auto; }
.verdict-met { color: #007a3d; } .verdict-failed { color: #B00000; } .verdict-inconclusive { color: #8a5a00; } .warning { color: #8a5a00; }
@media print { body { max-width: none; } figure, table { page-break-inside: avoid; } }
td.significant { font-weight: bold; }
pre { white-space: pre-wrap; }
)";

}  // namespace

std::string html_escaped(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string html_head(const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
      "<style>{}</style>\n</head>\n<body>\n",
      html_escaped(title), style);
}

std::string html_tail() {
  return "<footer><p>Fault windows are shaded; dashed lines are SLO objectives. Made by chaossim with gnuplot.</p></footer>\n"
         "</body>\n</html>\n";
}

std::string inline_svg(std::string svg) {
  if (const auto start = svg.find("<svg"); start != std::string::npos) svg.erase(0, start);
  for (const std::string attribute : {" xmlns=\"http://www.w3.org/2000/svg\"", " xmlns:xlink=\"http://www.w3.org/1999/xlink\""})
    for (auto at = svg.find(attribute); at != std::string::npos; at = svg.find(attribute)) svg.erase(at, attribute.size());
  return svg;
}

}  // namespace chaossim::reports
