#pragma once
// Strict parsing of the quantities a scenario states with units: a number
// immediately followed by a known unit, nothing else ("250ms", "800/s", "1Gbps").
#include <optional>
#include <string>
#include <string_view>

namespace chaossim::scenarios {

struct Quantity {
  std::optional<double> value;  // in seconds, per second, or bytes per second
  std::string problem;          // why it was refused, when it was
};

Quantity parse_duration(std::string_view text);   // us, ms, s, m, h  -> seconds
Quantity parse_rate(std::string_view text);       // /s, /min, /h     -> per second
Quantity parse_bandwidth(std::string_view text);  // bps..Gbps (bits), Bps..GBps (bytes) -> bytes/s

// What a well-formed value of each kind looks like, for error messages.
inline constexpr std::string_view duration_expected = R"(a duration string such as "250ms", "1.5s", "2m" (units: us, ms, s, m, h))";
inline constexpr std::string_view rate_expected = R"(a rate string such as "800/s" or "50000/min" (units: /s, /min, /h))";
inline constexpr std::string_view bandwidth_expected = R"(a bandwidth string such as "1Gbps" or "100MBps" (bps, kbps, Mbps, Gbps; Bps.. for bytes))";

}  // namespace chaossim::scenarios
