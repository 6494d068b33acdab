#include "scenarios/source_map.hpp"

#include <algorithm>
#include <set>

namespace chaossim::scenarios {
namespace {

// A pointer's next segment, with ~1 and ~0 undone; `rest` moves past it.
std::string next_segment(std::string_view& rest) {
  rest.remove_prefix(1);  // '/'
  const std::size_t end = std::min(rest.find('/'), rest.size());
  std::string segment;
  for (std::size_t i = 0; i < end; ++i) {
    if (rest[i] == '~' && i + 1 < end && (rest[i + 1] == '0' || rest[i + 1] == '1')) {
      segment += rest[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      segment += rest[i];
    }
  }
  rest.remove_prefix(end);
  return segment;
}

std::string escaped(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

// Walks JSON text that nlohmann has already accepted, so it need not diagnose
// syntax; it only tracks line/column and builds the tree of values. A loop
// with a stack of the containers open, never recursion: the depth of the
// text cannot overflow the machine's stack, and the work is linear in it.
class SourceScanner {
 public:
  SourceScanner(std::string_view text, SourceMap& map) : text_(text), map_(map) {}

  void scan() {
    skip_space();
    std::vector<Open> open;
    map_.nodes_.push_back({here(), SourceMap::none, SourceMap::none, SourceMap::none, 0, 0, false});
    enter(0, open);
    while (!open.empty()) {
      skip_space();
      Open& top = open.back();
      if (pos_ >= text_.size() || peek() == '}' || peek() == ']') {
        if (pos_ < text_.size()) advance();
        open.pop_back();
        continue;
      }
      if (peek() == ',') {
        advance();
        continue;
      }
      const auto child = static_cast<std::uint32_t>(map_.nodes_.size());
      SourceMap::Node node{here(), top.node, SourceMap::none, SourceMap::none, 0, 0, top.object};
      if (top.object) {
        std::string key = string_token();
        skip_space();
        advance();  // ':'
        skip_space();
        node.key_offset = static_cast<std::uint32_t>(map_.keys_.size());
        node.key_length = static_cast<std::uint32_t>(key.size());
        map_.keys_ += key;
        if (!top.keys.insert(key).second) map_.duplicates_.push_back({map_.pointer_of(top.node), key, node.at});
      }
      map_.nodes_.push_back(node);
      if (top.last_child == SourceMap::none) map_.nodes_[top.node].first_child = child;
      else map_.nodes_[top.last_child].next_sibling = child;
      top.last_child = child;
      enter(child, open);
    }
  }

 private:
  struct Open {
    std::uint32_t node;
    bool object;
    std::uint32_t last_child = SourceMap::none;
    std::set<std::string> keys;  // an object's, to find duplicates
  };

  std::string_view text_;
  SourceMap& map_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;

  TextPosition here() const { return {line_, column_}; }
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

  // The value starting here: a container is opened (its members come in the
  // loop), anything else is passed over.
  void enter(std::uint32_t node, std::vector<Open>& open) {
    const char c = peek();
    if (c == '{' || c == '[') {
      advance();
      open.push_back({node, c == '{', SourceMap::none, {}});
    } else if (c == '"') {
      string_token();
    } else {
      while (pos_ < text_.size() && peek() != ',' && peek() != '}' && peek() != ']' && peek() != ' ' && peek() != '\n' &&
             peek() != '\r' && peek() != '\t')
        advance();
    }
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
    if (pos_ < text_.size()) advance();  // closing quote
    return out;
  }
};

SourceMap SourceMap::build(std::string_view text) {
  SourceMap map;
  SourceScanner(text, map).scan();
  return map;
}

// Lookups follow the pointer down the tree, walking each container's
// children: linear in them, and only done to report a problem.
std::pair<std::uint32_t, bool> SourceMap::find(std::string_view pointer) const {
  if (nodes_.empty()) return {none, false};
  std::uint32_t at = 0;
  while (!pointer.empty()) {
    const std::string segment = next_segment(pointer);
    const bool is_index = !segment.empty() && segment.size() < 10 && segment.find_first_not_of("0123456789") == std::string::npos;
    const std::size_t index = is_index ? std::stoul(segment) : 0;
    std::uint32_t found = none;
    std::size_t i = 0;
    for (std::uint32_t child = nodes_[at].first_child; child != none && found == none; child = nodes_[child].next_sibling, ++i) {
      const Node& n = nodes_[child];
      if (n.in_object ? std::string_view(keys_).substr(n.key_offset, n.key_length) == segment : is_index && i == index) found = child;
    }
    if (found == none) return {at, false};
    at = found;
  }
  return {at, true};
}

TextPosition SourceMap::position_of(std::string pointer) const {
  const auto [node, exact] = find(pointer);
  return node != none ? nodes_[node].at : TextPosition{};
}

bool SourceMap::contains(const std::string& pointer) const { return find(pointer).second; }

std::string SourceMap::pointer_of(std::uint32_t node) const {
  std::vector<std::string> segments;
  for (std::uint32_t at = node; nodes_[at].parent != none; at = nodes_[at].parent) {
    const Node& n = nodes_[at];
    if (n.in_object) {
      segments.push_back(escaped(keys_.substr(n.key_offset, n.key_length)));
      continue;
    }
    std::size_t index = 0;
    for (std::uint32_t c = nodes_[n.parent].first_child; c != at; c = nodes_[c].next_sibling) ++index;
    segments.push_back(std::to_string(index));
  }
  std::string pointer;
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) pointer += "/" + *it;
  return pointer;
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
