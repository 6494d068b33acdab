#pragma once
// Reads a pattern's config from the fields it describes (describe_fields(),
// beside the config in patterns/), so that a new pattern needs no reader of
// its own: the keys it accepts, their types and units come from the
// description, its defaults from the struct, and its rules from the config's
// validate(), reported at the key at fault.
#include <climits>
#include <concepts>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/config_problem.hpp"
#include "scenarios/object_reader.hpp"

namespace chaossim::scenarios {

// Lists the keys a config describes.
class FieldKeys {
 public:
  void integer(std::string_view key, int&) { keys.push_back(key); }
  void number(std::string_view key, double&) { keys.push_back(key); }
  void duration(std::string_view key, double&) { keys.push_back(key); }
  void boolean(std::string_view key, bool&) { keys.push_back(key); }

  std::vector<std::string_view> keys;
};

template <class Config>
concept DescribedConfig = requires(Config& config, FieldKeys& keys) {
  describe_fields(config, keys);
  { validate(config) } -> std::same_as<patterns::ConfigProblems>;
};

// The keys of a described config, as the ObjectSpec "$defs/<name>" of the schema.
template <DescribedConfig Config>
const ObjectSpec& described_spec(std::string_view name) {
  static const ObjectSpec spec = [name] {
    Config defaults;
    FieldKeys keys;
    describe_fields(defaults, keys);
    return ObjectSpec{name, std::move(keys.keys)};
  }();
  return spec;
}

// Reads each described field present; absent ones keep their default.
class FieldReader {
 public:
  explicit FieldReader(ObjectReader& reader) : r_(reader) {}

  void integer(std::string_view key, int& value) {
    if (auto v = r_.integer(key, Need::optional, Bounds::between(INT_MIN, INT_MAX))) value = static_cast<int>(*v);
  }
  void number(std::string_view key, double& value) {
    if (auto v = r_.number(key, Need::optional, Bounds{})) value = *v;
  }
  void duration(std::string_view key, double& value) {
    if (auto v = r_.duration(key, Need::optional)) value = *v;
  }
  void boolean(std::string_view key, bool& value) {
    if (auto v = r_.boolean(key, Need::optional)) value = *v;
  }

 private:
  ObjectReader& r_;
};

// Reports each problem at its key: "backoff.max" under `path` is path/backoff/max.
inline void report_problems(LoadContext& ctx, const JsonPath& path, const patterns::ConfigProblems& problems) {
  for (const auto& problem : problems) {
    JsonPath at = path;
    std::string_view rest = problem.field;
    while (!rest.empty()) {
      const auto dot = rest.find('.');
      const std::string part(rest.substr(0, dot));
      if (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos) at = at / std::stoul(part);
      else at = at / part;
      rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    }
    ctx.error(at, problem.message);
  }
}

template <DescribedConfig Config>
Config read_described(LoadContext& ctx, const json* node, const JsonPath& path, std::string_view name) {
  ObjectReader r(ctx, node, path, described_spec<Config>(name));
  Config config;
  const std::size_t errors_before = ctx.error_count();
  FieldReader fields(r);
  describe_fields(config, fields);
  // Rules between fields mean something only once every field has its type.
  if (r.valid() && ctx.error_count() == errors_before) report_problems(ctx, path, validate(config));
  return config;
}

}  // namespace chaossim::scenarios
