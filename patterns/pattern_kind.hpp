#pragma once
// Names every pattern of pattern_list.hpp: an enum, its names, and whether
// the pattern can refuse a call. Needs no config type, so outcome.hpp can
// label a rejection with the pattern that made it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "patterns/pattern_list.hpp"

namespace chaossim::patterns {

enum class PatternKind : std::uint8_t {
#define CHAOSSIM_KIND(name, Config, role) name,
  CHAOSSIM_PATTERNS(CHAOSSIM_KIND)
#undef CHAOSSIM_KIND
};

inline constexpr std::array pattern_names{
#define CHAOSSIM_NAME(name, Config, role) std::string_view(#name),
    CHAOSSIM_PATTERNS(CHAOSSIM_NAME)
#undef CHAOSSIM_NAME
};
inline constexpr std::size_t pattern_count = pattern_names.size();

namespace detail {
inline constexpr bool refuses = true;
inline constexpr bool passes = false;
}  // namespace detail

// Patterns that can turn a call away, by kind.
inline constexpr std::array<bool, pattern_count> pattern_refuses{
#define CHAOSSIM_REFUSES(name, Config, role) detail::role,
    CHAOSSIM_PATTERNS(CHAOSSIM_REFUSES)
#undef CHAOSSIM_REFUSES
};

constexpr std::string_view name_of(PatternKind kind) { return pattern_names[static_cast<std::size_t>(kind)]; }
constexpr std::optional<PatternKind> pattern_kind_named(std::string_view name) {
  for (std::size_t i = 0; i < pattern_count; ++i)
    if (pattern_names[i] == name) return static_cast<PatternKind>(i);
  return std::nullopt;
}
constexpr bool can_refuse(PatternKind kind) { return pattern_refuses[static_cast<std::size_t>(kind)]; }

// Every kind, in the list's order (the default nesting, outermost first).
inline constexpr std::array<PatternKind, pattern_count> all_pattern_kinds = [] {
  std::array<PatternKind, pattern_count> kinds{};
  for (std::size_t i = 0; i < pattern_count; ++i) kinds[i] = static_cast<PatternKind>(i);
  return kinds;
}();

}  // namespace chaossim::patterns
