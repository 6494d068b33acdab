#pragma once
// Where a command writes when --out is not given: out/<name>. A scenario's
// name is free text ("payments/v2", "../../etc"): it names a folder only
// through safe_folder_name, so outputs never land outside out/.
#include <string>
#include <string_view>

namespace chaossim::tools {

// Letters, digits, '.', '_' and '-' kept; every other run of characters
// becomes one '-'; no leading '.', so never "." or ".."; "scenario" if
// nothing is left.
std::string safe_folder_name(std::string_view name);

inline std::string default_output_folder(std::string_view name, std::string_view suffix = "") {
  return "out/" + safe_folder_name(std::string(name) + std::string(suffix));
}

}  // namespace chaossim::tools
