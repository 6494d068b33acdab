#pragma once
// A location inside a JSON document: shown to users as $.services[0].queue,
// used as a JSON Pointer (/services/0/queue) to look positions up.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chaossim::scenarios {

class JsonPath {
 public:
  struct Segment {
    std::string key;
    std::size_t index = 0;
    bool is_index = false;
  };

  JsonPath() = default;
  // A path as users write it and display() shows it: $.a.b[0]["c d"]. A
  // dotted key runs to the next '.' or '[' (so $.pipelines.payments-policy
  // works); nullopt with what is wrong in `problem` when it is not one.
  static std::optional<JsonPath> parse(std::string_view text, std::string& problem);
  // Segments made only of digits are taken as array indices.
  static JsonPath from_pointer(const std::string& pointer);

  JsonPath operator/(const std::string& key) const;
  JsonPath operator/(std::size_t index) const;
  JsonPath parent() const;
  bool empty() const { return segments_.empty(); }

  std::string pointer() const;  // RFC 6901
  std::string display() const;  // $.a[0].b, keys that are not identifiers in ["..."]
  const std::vector<Segment>& segments() const { return segments_; }

 private:
  std::vector<Segment> segments_;
};

}  // namespace chaossim::scenarios
