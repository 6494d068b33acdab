#include "scenarios/json_path.hpp"

#include <algorithm>
#include <cctype>

namespace chaossim::scenarios {

JsonPath JsonPath::operator/(const std::string& key) const {
  JsonPath p = *this;
  p.segments_.push_back({key, 0, false});
  return p;
}

JsonPath JsonPath::operator/(std::size_t index) const {
  JsonPath p = *this;
  p.segments_.push_back({{}, index, true});
  return p;
}

JsonPath JsonPath::from_pointer(const std::string& pointer) {
  JsonPath p;
  std::size_t at = 0;
  while (at < pointer.size()) {
    const std::size_t end = std::min(pointer.find('/', at + 1), pointer.size());
    std::string raw = pointer.substr(at + 1, end - at - 1), key;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size()) {
        key += raw[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        key += raw[i];
      }
    }
    const bool digits = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
    p = digits ? p / static_cast<std::size_t>(std::stoul(key)) : p / key;
    at = end;
  }
  return p;
}

std::optional<JsonPath> JsonPath::parse(std::string_view text, std::string& problem) {
  if (text.empty() || text[0] != '$') {
    problem = "expected a JSON path starting with \"$\", such as \"$.clients[0].arrival.rate\"";
    return std::nullopt;
  }
  JsonPath p;
  std::size_t at = 1;
  const auto fail = [&](std::string why) {
    problem = "at character " + std::to_string(at + 1) + ": " + why;
    return std::nullopt;
  };
  while (at < text.size()) {
    if (text[at] == '.') {
      const std::size_t end = std::min(text.find_first_of(".[", at + 1), text.size());
      if (end == at + 1) return fail("expected a key after \".\"");
      p = p / std::string(text.substr(at + 1, end - at - 1));
      at = end;
    } else if (text[at] == '[' && at + 1 < text.size() && text[at + 1] == '"') {
      std::string key;
      std::size_t i = at + 2;
      for (; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        key += text[i];
      }
      if (i + 1 >= text.size() || text[i + 1] != ']') return fail("expected a quoted key closed by \"]\"");
      p = p / key;
      at = i + 2;
    } else if (text[at] == '[') {
      const std::size_t end = text.find(']', at);
      const std::string_view digits = end == std::string_view::npos ? std::string_view{} : text.substr(at + 1, end - at - 1);
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos)
        return fail("expected an array index such as [0], or a quoted key such as [\"a b\"]");
      p = p / static_cast<std::size_t>(std::stoul(std::string(digits)));
      at = end + 1;
    } else {
      return fail("expected \".\" or \"[\" between the parts of the path");
    }
  }
  return p;
}

JsonPath JsonPath::parent() const {
  JsonPath p = *this;
  if (!p.segments_.empty()) p.segments_.pop_back();
  return p;
}

std::string JsonPath::pointer() const {
  std::string out;
  for (const auto& s : segments_) {
    out += '/';
    if (s.is_index) {
      out += std::to_string(s.index);
      continue;
    }
    for (char c : s.key) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
  }
  return out;
}

namespace {
bool is_identifier(const std::string& key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}
}  // namespace

std::string JsonPath::display() const {
  std::string out = "$";
  for (const auto& s : segments_) {
    if (s.is_index) out += "[" + std::to_string(s.index) + "]";
    else if (is_identifier(s.key)) out += "." + s.key;
    else {
      out += "[\"";
      for (char c : s.key) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += "\"]";
    }
  }
  return out;
}

}  // namespace chaossim::scenarios
