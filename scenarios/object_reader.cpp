#include "scenarios/object_reader.hpp"

#include <cmath>

#include <climits>
#include <cstdint>

#include <fmt/format.h>

#include "scenarios/units.hpp"

namespace chaossim::scenarios {

TextPosition LoadContext::locate(const JsonPath& at) const {
  std::string pointer = at.pointer();
  while (true) {
    if (!patch_prefix_.empty() && map_.contains(patch_prefix_ + pointer)) return map_.position_of(patch_prefix_ + pointer);
    if (map_.contains(pointer)) return map_.position_of(pointer);
    if (pointer.empty()) return {};
    pointer.erase(pointer.rfind('/'));
  }
}

void LoadContext::error(const JsonPath& at, std::string message) {
  out_.push_back(Diagnostic{file_, locate(at), at.display(), variant_, std::move(message)});
}

std::optional<std::string> name_problem(std::string_view name) {
  constexpr std::size_t longest = 100;
  if (name.empty()) return "an empty name, expected 1 to 100 characters";
  if (name.size() > longest) {
    std::size_t shown = 20;
    while ((static_cast<unsigned char>(name[shown]) & 0xC0) == 0x80) --shown;  // not inside a UTF-8 character
    return fmt::format("a name of {} bytes (\"{}...\"), expected at most {}", name.size(), name.substr(0, shown), longest);
  }
  for (const unsigned char c : name)
    if (c < 0x20 || c == 0x7F)
      return fmt::format("a name holding the control character U+{:04X}, expected printable characters", static_cast<int>(c));
  return std::nullopt;
}

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "found null";
    case json::value_t::boolean: return fmt::format("found {}", value.get<bool>());
    case json::value_t::string: {
      std::string text = value.get<std::string>();
      if (text.size() > 40) text = text.substr(0, 37) + "...";
      return fmt::format("found the string \"{}\"", text);
    }
    case json::value_t::array: return "found an array";
    case json::value_t::object: return "found an object";
    default: return "found " + value.dump();
  }
}

std::string Bounds::describe() const {
  const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  if (has_min && has_max) return fmt::format("between {} and {}", min, max);
  if (has_min) return fmt::format("{} {}", min_exclusive ? "greater than" : "at least", min);
  if (has_max) return fmt::format("at most {}", max);
  return "any value";
}

ObjectReader::ObjectReader(LoadContext& ctx, const json* node, JsonPath path, const ObjectSpec& spec)
    : ctx_(ctx), path_(std::move(path)) {
  static const json empty = json::object();
  if (node == nullptr) {
    object_ = &empty;
    return;
  }
  if (!node->is_object()) {
    ctx_.error(path_, describe(*node) + ", expected an object (" + std::string(spec.name) + ")");
    return;
  }
  object_ = node;
  for (const auto& [key, value] : node->items()) {
    bool known = false;
    for (auto k : spec.keys) known = known || k == key;
    if (!known)
      ctx_.error(path_ / key, fmt::format("unknown key \"{}\" in {}{}", key, spec.name, did_you_mean(key, spec.keys)));
  }
}

bool ObjectReader::has(std::string_view key) const { return get(key) != nullptr; }

const json* ObjectReader::get(std::string_view key) const {
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(std::string(key));
  return it == object_->end() ? nullptr : &*it;
}

bool ObjectReader::require(std::string_view key, std::string_view what) {
  if (object_ == nullptr) return false;
  if (has(key)) return true;
  // Located at the object that lacks the key (the nearest existing position).
  ctx_.error(path_of(key), fmt::format("missing required key \"{}\"{}", key, what.empty() ? "" : fmt::format(" ({})", what)));
  return false;
}

void ObjectReader::forbid(std::string_view key, std::string_view why) {
  if (has(key)) error(key, fmt::format("key \"{}\" does not apply here: {}", key, why));
}

const json* ObjectReader::present(std::string_view key, Need need) {
  if (object_ == nullptr) return nullptr;
  if (need == Need::required) require(key);
  return get(key);
}

std::optional<std::string> ObjectReader::string(std::string_view key, Need need) {
  const json* v = present(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    error(key, describe(*v) + ", expected a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::string> ObjectReader::name(std::string_view key) {
  auto text = string(key, Need::required);
  if (!text) return text;
  if (const auto problem = name_problem(*text)) {
    error(key, *problem);
    return std::nullopt;
  }
  return text;
}

std::optional<double> ObjectReader::number(std::string_view key, Need need, Bounds bounds) {
  const json* v = present(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    error(key, describe(*v) + ", expected a number " + bounds.describe());
    return std::nullopt;
  }
  const double x = v->get<double>();
  if (!bounds.contains(x)) {
    error(key, describe(*v) + ", expected a number " + bounds.describe());
    return std::nullopt;
  }
  return x;
}

std::optional<long long> ObjectReader::integer(std::string_view key, Need need, Bounds bounds) {
  const json* v = present(key, need);
  if (v == nullptr) return std::nullopt;
  // An unsigned above LLONG_MAX is judged by its value, not its wrapped one.
  const bool fits = v->is_number_integer() && (!v->is_number_unsigned() || v->get<std::uint64_t>() <= LLONG_MAX);
  if (!fits || !bounds.contains(static_cast<double>(v->get<long long>()))) {
    error(key, describe(*v) + ", expected an integer " + bounds.describe() +
                   (v->is_number_integer() && !fits ? fmt::format(" and at most {}", LLONG_MAX) : ""));
    return std::nullopt;
  }
  return v->get<long long>();
}

std::optional<std::uint64_t> ObjectReader::unsigned_integer(std::string_view key, Need need) {
  const json* v = present(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<long long>() < 0)) {
    error(key, describe(*v) + fmt::format(", expected an integer from 0 to {}", UINT64_MAX));
    return std::nullopt;
  }
  return v->get<std::uint64_t>();
}

std::optional<bool> ObjectReader::boolean(std::string_view key, Need need) {
  const json* v = present(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    error(key, describe(*v) + ", expected true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

namespace {
template <class Parse>
std::optional<double> with_unit(ObjectReader& r, const json* v, std::string_view key, Parse parse,
                                std::string_view expected, std::string_view unit_hint) {
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) {
    r.error(key, fmt::format("{} (a bare number has no unit), expected {}; e.g. \"{}{}\"", describe(*v), expected,
                             v->dump(), unit_hint));
    return std::nullopt;
  }
  if (!v->is_string()) {
    r.error(key, describe(*v) + ", expected " + std::string(expected));
    return std::nullopt;
  }
  const Quantity q = parse(v->get<std::string>());
  if (!q.value) {
    r.error(key, fmt::format("{} ({}), expected {}", describe(*v), q.problem, expected));
    return std::nullopt;
  }
  return q.value;
}
}  // namespace

std::optional<double> ObjectReader::duration(std::string_view key, Need need, Bounds bounds) {
  auto value = with_unit(*this, present(key, need), key, parse_duration, duration_expected, "s");
  if (value && !bounds.contains(*value)) {
    error(key, fmt::format("{}, expected a duration {} seconds", describe(*get(key)), bounds.describe()));
    return std::nullopt;
  }
  return value;
}

std::optional<double> ObjectReader::rate(std::string_view key, Need need, bool zero_allowed) {
  auto value = with_unit(*this, present(key, need), key, parse_rate, rate_expected, "/s");
  if (value && (zero_allowed ? *value < 0 : *value <= 0)) {
    error(key, describe(*get(key)) + (zero_allowed ? ", expected a rate of 0 or more" : ", expected a rate greater than 0"));
    return std::nullopt;
  }
  return value;
}

std::optional<double> ObjectReader::bandwidth(std::string_view key, Need need) {
  auto value = with_unit(*this, present(key, need), key, parse_bandwidth, bandwidth_expected, "Gbps");
  if (value && *value <= 0) {
    error(key, describe(*get(key)) + ", expected a bandwidth greater than 0");
    return std::nullopt;
  }
  return value;
}

}  // namespace chaossim::scenarios
