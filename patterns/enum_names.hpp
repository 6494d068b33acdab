#pragma once
// Every enum of the patterns has its names in one array beside it, indexed by
// value: the scenario loader, the grading protocol and the outputs all read
// them from there. These look a name up in such an array.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace chaossim::patterns {

template <class Enum, std::size_t N>
constexpr std::string_view name_in(const std::array<std::string_view, N>& names, Enum value) {
  return names[static_cast<std::size_t>(value)];
}

template <class Enum, std::size_t N>
constexpr std::optional<Enum> named(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace chaossim::patterns
