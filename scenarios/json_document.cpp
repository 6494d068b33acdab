#include "scenarios/json_document.hpp"

#include <fmt/format.h>

#include "scenarios/json_path.hpp"

namespace chaossim::scenarios {
namespace {

Diagnostic at_offset(std::string_view text, const std::string& file, std::size_t offset, std::string message) {
  return {file, SourceMap::position_of_offset(text, offset), "$", "", std::move(message)};
}

// The first place where arrays and objects nest deeper than `max_depth`, or
// where a NUL byte sits (nlohmann stops reading there, silently).
std::optional<Diagnostic> check_structure(std::string_view text, const std::string& file, const DocumentLimits& limits) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0') return at_offset(text, file, i, "a NUL byte, which JSON text never holds: is this a binary file?");
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth)
        return at_offset(text, file, i,
                         fmt::format("arrays and objects nested more than {} levels deep: {} may nest {} at most",
                                     limits.max_depth, limits.what, limits.max_depth));
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann names the number it could not hold ("number overflow parsing
// '1e400'"), not where it is: the first such token in the text is.
Diagnostic number_too_large(std::string_view text, const std::string& file, const std::string& what) {
  std::string number;
  if (const auto open = what.find('\''), close = what.rfind('\''); open != std::string::npos && close > open)
    number = what.substr(open + 1, close - open - 1);
  const std::size_t at = number.empty() ? 0 : text.find(number);
  return at_offset(text, file, at == std::string_view::npos ? 0 : at,
                   fmt::format("the number {} is beyond what a double holds (about ±1.8e308)", number.empty() ? "here" : number));
}

}  // namespace

std::optional<Diagnostic> parse_document(std::string_view text, const std::string& file, const DocumentLimits& limits,
                                         nlohmann::ordered_json& out) {
  if (text.size() > limits.max_bytes)
    return Diagnostic{file, {}, "$", "",
                      fmt::format("the file holds {} bytes, more than the {} bytes {} may hold", text.size(), limits.max_bytes,
                                  limits.what)};
  if (auto problem = check_structure(text, file, limits)) return problem;
  try {
    out = nlohmann::ordered_json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (const auto syntax = what.find("syntax error"); syntax != std::string::npos) what = what.substr(syntax);
    return at_offset(text, file, e.byte > 0 ? e.byte - 1 : 0, "invalid JSON: " + what);
  } catch (const nlohmann::json::out_of_range& e) {
    return number_too_large(text, file, e.what());
  } catch (const nlohmann::json::exception& e) {
    return Diagnostic{file, {}, "$", "", std::string("invalid JSON: ") + e.what()};
  }
  return std::nullopt;
}

std::vector<Diagnostic> duplicate_key_errors(const SourceMap& map, const std::string& file) {
  std::vector<Diagnostic> out;
  for (const auto& dup : map.duplicate_keys())
    out.push_back({file, dup.position, (JsonPath::from_pointer(dup.parent_pointer) / dup.key).display(), "",
                   fmt::format("duplicate key \"{}\", expected each key once in an object", dup.key)});
  return out;
}

}  // namespace chaossim::scenarios
