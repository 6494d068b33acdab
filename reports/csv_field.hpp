#pragma once
// A CSV field as RFC 4180 wants it: as it is, or quoted (inner quotes
// doubled) when it holds a comma, a quote or a line break. Names are free
// text in scenarios, suites and sweeps.
#include <string>
#include <string_view>

namespace chaossim::reports {

inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace chaossim::reports
