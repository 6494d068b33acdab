#pragma once
// nlohmann::json keeps no positions, so a second, light pass over the (already
// valid) text records where every value starts, found by JSON Pointer. It also
// finds duplicate object keys, which nlohmann silently collapses.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chaossim::scenarios {

struct TextPosition {
  int line = 1;
  int column = 1;
};

struct DuplicateKey {
  std::string parent_pointer;
  std::string key;
  TextPosition position;  // of the second occurrence
};

class SourceMap {
 public:
  static SourceMap build(std::string_view text);

  // The value at `pointer`, or the nearest ancestor that exists.
  TextPosition position_of(std::string pointer) const;
  bool contains(const std::string& pointer) const;
  const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }

  static TextPosition position_of_offset(std::string_view text, std::size_t offset);

 private:
  static constexpr std::uint32_t none = ~std::uint32_t{0};
  // One per value, in a tree: memory linear in the text, however deep or
  // long its keys (a map of full pointers would be quadratic).
  struct Node {
    TextPosition at;  // a member's key, or the value
    std::uint32_t parent, first_child, next_sibling;
    std::uint32_t key_offset, key_length;  // in keys_, for a member
    bool in_object;
  };
  // The deepest node `pointer` leads to, and whether it leads all the way.
  std::pair<std::uint32_t, bool> find(std::string_view pointer) const;
  std::string pointer_of(std::uint32_t node) const;

  std::vector<Node> nodes_;
  std::string keys_;  // every member's key, one after the other
  std::vector<DuplicateKey> duplicates_;
  friend class SourceScanner;
};

}  // namespace chaossim::scenarios
