#include "scenarios/source_map.hpp"

#include <optional>
#include <set>

namespace chaossim::scenarios {

// Walks JSON text that nlohmann has already accepted, so it need not diagnose
// syntax; it only tracks line/column and the pointer of each value.
class SourceScanner {
 public:
  SourceScanner(std::string_view text, SourceMap& map) : text_(text), map_(map) {}

  void scan() {
    skip_space();
    value("");
  }

 private:
  std::string_view text_;
  SourceMap& map_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
      ++column_;  // count code points, not UTF-8 continuation bytes
    }
    ++pos_;
  }
  void skip_space() {
    while (pos_ < text_.size() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t')) advance();
  }

  std::string string_token() {
    std::string out;
    advance();  // opening quote
    while (pos_ < text_.size() && peek() != '"') {
      if (peek() == '\\') {
        advance();
        const char escaped = peek();
        advance();
        switch (escaped) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'u':
            // Keys with \u escapes are rare; keep the escape so pointers stay unique.
            out += "\\u";
            break;
          default: out += escaped;
        }
        continue;
      }
      out += peek();
      advance();
    }
    advance();  // closing quote
    return out;
  }

  static std::string escape(const std::string& key) {
    std::string out;
    for (char c : key) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
    return out;
  }

  // An object member is located at its key, an array element or the root at its value.
  void value(const std::string& pointer, std::optional<TextPosition> key_at = std::nullopt) {
    map_.positions_.emplace(pointer, key_at.value_or(TextPosition{line_, column_}));
    const char c = peek();
    if (c == '{') {
      advance();
      std::set<std::string> seen;
      skip_space();
      while (peek() != '}' && pos_ < text_.size()) {
        const TextPosition key_at{line_, column_};
        const std::string key = string_token();
        if (!seen.insert(key).second) map_.duplicates_.push_back({pointer, key, key_at});
        skip_space();
        advance();  // ':'
        skip_space();
        value(pointer + "/" + escape(key), key_at);
        skip_space();
        if (peek() == ',') {
          advance();
          skip_space();
        }
      }
      advance();
    } else if (c == '[') {
      advance();
      skip_space();
      std::size_t index = 0;
      while (peek() != ']' && pos_ < text_.size()) {
        value(pointer + "/" + std::to_string(index++));
        skip_space();
        if (peek() == ',') {
          advance();
          skip_space();
        }
      }
      advance();
    } else if (c == '"') {
      string_token();
    } else {
      while (pos_ < text_.size() && peek() != ',' && peek() != '}' && peek() != ']' && peek() != ' ' &&
             peek() != '\n' && peek() != '\r' && peek() != '\t')
        advance();
    }
  }
};

SourceMap SourceMap::build(std::string_view text) {
  SourceMap map;
  SourceScanner(text, map).scan();
  return map;
}

TextPosition SourceMap::position_of(std::string pointer) const {
  while (true) {
    if (auto it = positions_.find(pointer); it != positions_.end()) return it->second;
    if (pointer.empty()) return {};
    pointer.erase(pointer.rfind('/'));
  }
}

TextPosition SourceMap::position_of_offset(std::string_view text, std::size_t offset) {
  TextPosition p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

}  // namespace chaossim::scenarios
