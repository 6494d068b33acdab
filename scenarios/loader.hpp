#pragma once
// The only entry into scenario JSON: a file becomes a ScenarioSet (the base
// scenario and each variant resolved by JSON Merge Patch), or a list of every
// problem found, each with file, line, column and JSON path.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/diagnostics.hpp"
#include "scenarios/scenario.hpp"

namespace chaossim::scenarios {

inline constexpr std::string_view scenario_schema_id = "chaossim/scenario/v1";

struct LoadResult {
  std::optional<ScenarioSet> scenarios;  // set only when there are no errors
  std::vector<Diagnostic> errors;
};

LoadResult load_scenario_file(const std::string& path);
// `file` names the text in messages.
LoadResult load_scenario_text(std::string_view text, const std::string& file);

}  // namespace chaossim::scenarios
