#pragma once
// nlohmann::json keeps no positions, so a second, light pass over the (already
// valid) text records where every value starts, keyed by JSON Pointer. It also
// finds duplicate object keys, which nlohmann silently collapses.
#include <map>
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
  bool contains(const std::string& pointer) const { return positions_.count(pointer) != 0; }
  const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }

  static TextPosition position_of_offset(std::string_view text, std::size_t offset);

 private:
  std::map<std::string, TextPosition> positions_;
  std::vector<DuplicateKey> duplicates_;
  friend class SourceScanner;
};

}  // namespace chaossim::scenarios
