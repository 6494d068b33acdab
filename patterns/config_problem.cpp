#include "patterns/config_problem.hpp"

#include <cstdio>

namespace chaossim::patterns {

std::string number_text(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", x);
  return text;
}

std::string describe(const ConfigProblems& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "; ";
    out += p.field.empty() ? p.message : p.field + ": " + p.message;
  }
  return out;
}

}  // namespace chaossim::patterns
