#pragma once
// A JSON document chaossim was handed (a scenario, a grading suite, a
// results.json): whatever its bytes, it becomes a value or a diagnostic with
// a position, never an exception, a crash or memory out of proportion.
// Before nlohmann parses it, the text is held to a size and a nesting depth
// (deeply nested arrays would otherwise exhaust the stack or the memory of
// whatever walks them next); every way nlohmann can refuse it (a syntax
// error, a number beyond a double, ...) is reported at its place.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/diagnostics.hpp"
#include "scenarios/source_map.hpp"

namespace chaossim::scenarios {

struct DocumentLimits {
  std::size_t max_bytes;
  int max_depth = 256;     // arrays and objects inside each other
  const char* what;        // "a scenario file", for messages
};

inline constexpr DocumentLimits scenario_document{std::size_t{8} << 20, 256, "a scenario file"};

// Each key an object holds twice (nlohmann keeps the last silently), as an error at the second.
std::vector<Diagnostic> duplicate_key_errors(const SourceMap& map, const std::string& file);

// Parses `text` into `out`; nullopt when it went well, else why not.
std::optional<Diagnostic> parse_document(std::string_view text, const std::string& file, const DocumentLimits& limits,
                                         nlohmann::ordered_json& out);

}  // namespace chaossim::scenarios
