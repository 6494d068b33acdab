#include "scenarios/units.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace chaossim::scenarios {
namespace {

using UnitTable = std::array<std::pair<std::string_view, double>, 8>;

// Splits "12.5ms" into 12.5 and "ms"; only plain decimal numbers are accepted.
Quantity parse_with_units(std::string_view text, const UnitTable& units, std::string_view kind) {
  std::size_t digits_end = 0;
  while (digits_end < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits_end])) || text[digits_end] == '.'))
    ++digits_end;
  if (digits_end == 0) {
    if (!text.empty() && text[0] == '-') return {std::nullopt, fmt::format("{} cannot be negative", kind)};
    return {std::nullopt, "does not start with a number"};
  }
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + digits_end, number);
  if (ec != std::errc() || end != text.data() + digits_end || !std::isfinite(number))
    return {std::nullopt, fmt::format("\"{}\" is not a number", text.substr(0, digits_end))};
  const std::string_view unit = text.substr(digits_end);
  if (unit.empty()) return {std::nullopt, "has no unit"};
  if ((unit[0] == 'e' || unit[0] == 'E') && unit.size() > 1 &&
      (std::isdigit(static_cast<unsigned char>(unit[1])) || unit[1] == '+' || unit[1] == '-'))
    return {std::nullopt, fmt::format("\"{}\" has an exponent: write the number out in digits (or use a larger unit)",
                                      text.substr(0, text.find_first_not_of("0123456789.eE+-")))};
  for (const auto& [name, scale] : units)
    if (!name.empty() && unit == name) return {number * scale, {}};
  return {std::nullopt, fmt::format("unknown unit \"{}\"", unit)};
}

}  // namespace

Quantity parse_duration(std::string_view text) {
  static const UnitTable units{{{"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}, {"m", 60.0}, {"h", 3600.0}}};
  return parse_with_units(text, units, "a duration");
}

Quantity parse_rate(std::string_view text) {
  static const UnitTable units{{{"/s", 1.0}, {"/min", 1.0 / 60}, {"/h", 1.0 / 3600}}};
  return parse_with_units(text, units, "a rate");
}

Quantity parse_bandwidth(std::string_view text) {
  static const UnitTable units{{{"bps", 1.0 / 8},
                                {"kbps", 1e3 / 8},
                                {"Mbps", 1e6 / 8},
                                {"Gbps", 1e9 / 8},
                                {"Bps", 1.0},
                                {"kBps", 1e3},
                                {"MBps", 1e6},
                                {"GBps", 1e9}}};
  return parse_with_units(text, units, "a bandwidth");
}

}  // namespace chaossim::scenarios
