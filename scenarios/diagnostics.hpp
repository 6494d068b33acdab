#pragma once
// Errors a user made in a scenario file, collected so that all of them are
// reported at once, each naming file, line, column and JSON path.
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/source_map.hpp"

namespace chaossim::scenarios {

struct Diagnostic {
  std::string file;
  TextPosition position;
  std::string path;     // $.services[0].queue
  std::string variant;  // empty for the base scenario
  std::string message;  // what was found and what was expected

  std::string format() const;  // file:line:col: error: [variant x] $.path: message
};

// The candidate closest to `word` if it is close enough to be a likely typo.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);
// ' (did you mean "x"?)' or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace chaossim::scenarios
