#pragma once
// A whole file as text, or nullopt when it cannot be opened: the callers
// say what was expected there, in their own words.
#include <optional>
#include <string>

namespace chaossim::scenarios {

std::optional<std::string> read_text_file(const std::string& path);

}  // namespace chaossim::scenarios
