#pragma once
// Reads one JSON object of a scenario against its ObjectSpec, recording every
// problem (unknown key, wrong type, out-of-range value, bad unit) in the
// LoadContext instead of stopping at the first.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "patterns/priority.hpp"
#include "scenarios/bounds.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/json_path.hpp"
#include "scenarios/object_specs.hpp"
#include "scenarios/source_map.hpp"

namespace chaossim::scenarios {

// ordered_json: variants and pipelines keep the order the file gives them.
using json = nlohmann::ordered_json;

// Where diagnostics go, and how to find the text position of a path. For a
// variant, a value that its patch supplied is located in the patch.
class LoadContext {
 public:
  LoadContext(std::string file, const SourceMap& map, std::vector<Diagnostic>& out)
      : file_(std::move(file)), map_(map), out_(out) {}

  void for_variant(std::string name) {
    variant_ = name;
    patch_prefix_ = "/variants/" + name;
  }

  void error(const JsonPath& at, std::string message);
  std::size_t error_count() const { return out_.size(); }
  // The scenario file being read, as it was named (files it refers to are beside it).
  const std::string& file() const { return file_; }

 private:
  TextPosition locate(const JsonPath& at) const;

  std::string file_;
  const SourceMap& map_;
  std::vector<Diagnostic>& out_;
  std::string variant_;
  std::string patch_prefix_;
};

// "found 3", "found the string \"x\"", "found an array": for error messages.
std::string describe(const json& value);
// Why `name` cannot name a scenario, service, client or variant, if it cannot.
std::optional<std::string> name_problem(std::string_view name);


template <class E>
using EnumTable = std::vector<std::pair<std::string_view, E>>;

// The table of an enum whose names are an array indexed by value (patterns/enum_names.hpp).
template <class E, std::size_t N>
EnumTable<E> enum_table(const std::array<std::string_view, N>& names) {
  EnumTable<E> table;
  for (std::size_t i = 0; i < N; ++i) table.emplace_back(names[i], static_cast<E>(i));
  return table;
}

// The criticality classes, by name (patterns/priority.hpp).
inline const EnumTable<patterns::Priority>& priorities() {
  static const EnumTable<patterns::Priority> table = enum_table<patterns::Priority>(patterns::priority_names);
  return table;
}

class ObjectReader {
 public:
  // A null `node` (key absent) reads as an empty object; a node of another type
  // is reported once and every read then yields nothing.
  ObjectReader(LoadContext& ctx, const json* node, JsonPath path, const ObjectSpec& spec);

  bool valid() const { return object_ != nullptr; }
  const JsonPath& path() const { return path_; }
  LoadContext& context() { return ctx_; }
  bool has(std::string_view key) const;
  const json* get(std::string_view key) const;
  JsonPath path_of(std::string_view key) const { return path_ / std::string(key); }
  void error(std::string_view key, std::string message) { ctx_.error(path_of(key), std::move(message)); }
  // Reports the key as missing unless present; true when present.
  bool require(std::string_view key, std::string_view what = "");
  // Keys that must not appear in this context (e.g. "users" on a Poisson arrival).
  void forbid(std::string_view key, std::string_view why);

  std::optional<std::string> string(std::string_view key, Need need);
  // A required name: what tables, charts, CSV columns and folders show, so
  // it must be printable (no control characters) and short.
  std::optional<std::string> name(std::string_view key);
  std::optional<double> number(std::string_view key, Need need, Bounds bounds);
  std::optional<long long> integer(std::string_view key, Need need, Bounds bounds);
  std::optional<std::uint64_t> unsigned_integer(std::string_view key, Need need);  // the whole 64-bit range: seeds
  std::optional<bool> boolean(std::string_view key, Need need);
  std::optional<double> duration(std::string_view key, Need need, Bounds bounds = Bounds::at_least(0));
  // Above 0, or at least 0 when `zero_allowed` (a profile's quiet hours).
  std::optional<double> rate(std::string_view key, Need need, bool zero_allowed = false);
  std::optional<double> bandwidth(std::string_view key, Need need);

  template <class E>
  std::optional<E> enumeration(std::string_view key, Need need, const EnumTable<E>& table) {
    auto text = string(key, need);
    if (!text) return std::nullopt;
    for (const auto& [name, value] : table)
      if (name == *text) return value;
    error(key, "found \"" + *text + "\", expected one of " + choices(table) + did_you_mean(*text, names(table)));
    return std::nullopt;
  }

  template <class E>
  static std::vector<std::string_view> names(const EnumTable<E>& table) {
    std::vector<std::string_view> out;
    for (const auto& entry : table) out.push_back(entry.first);
    return out;
  }
  template <class E>
  static std::string choices(const EnumTable<E>& table) {
    std::string out;
    for (const auto& entry : table) out += (out.empty() ? "\"" : ", \"") + std::string(entry.first) + "\"";
    return out;
  }

 private:
  const json* present(std::string_view key, Need need);

  LoadContext& ctx_;
  const json* object_ = nullptr;
  JsonPath path_;
};

// Reads an array (absent reads as empty), reporting a non-array; calls read(element, path) for each.
template <class Read>
void for_each_element(LoadContext& ctx, const json* node, const JsonPath& path, Read read) {
  if (node == nullptr) return;
  if (!node->is_array()) {
    ctx.error(path, describe(*node) + ", expected an array");
    return;
  }
  for (std::size_t i = 0; i < node->size(); ++i) read((*node)[i], path / i);
}

}  // namespace chaossim::scenarios
