#pragma once
// What is wrong with a pattern's configuration, and which field is at fault,
// so that the scenario loader can point at the JSON key and the grading
// protocol can name it. A config's validate() is the one place its rules
// live; it returns nothing for a valid config, and names fields by their
// scenario key ("backoff.max" for a nested one). The loader and the grading
// protocol both call it.
#include <string>
#include <vector>

namespace chaossim::patterns {

struct ConfigProblem {
  std::string field;    // the config's key ("max_limit"), empty for the config as a whole
  std::string message;  // "found 5 below min_limit 10, expected ..."
};

using ConfigProblems = std::vector<ConfigProblem>;

// A number as a person writes it: 0.5, 10, 1e-06 (no trailing zeros), for "found ..." messages.
std::string number_text(double x);
// "field: message; other: message", for a caller that has one line to say it on.
std::string describe(const ConfigProblems& problems);

}  // namespace chaossim::patterns
