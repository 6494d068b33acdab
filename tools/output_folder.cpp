#include "tools/output_folder.hpp"

namespace chaossim::tools {

std::string safe_folder_name(std::string_view name) {
  std::string safe;
  for (const char c : name) {
    const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (kept) safe += c;
    else if (safe.empty() || safe.back() != '-') safe += '-';
  }
  const auto first = safe.find_first_not_of(".-");
  safe = first == std::string::npos ? "" : safe.substr(first);
  return safe.empty() ? "scenario" : safe;
}

}  // namespace chaossim::tools
