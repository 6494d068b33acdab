#pragma once
// How much a request matters when a server must shed some: Google's
// criticality classes (the SRE book, "Handling Overload"), most important
// first. A request carries its class down the calls made to serve it.
#include <array>
#include <cstddef>
#include <string_view>

#include "patterns/enum_names.hpp"

namespace chaossim::patterns {

enum class Priority : unsigned char { critical_plus, critical, sheddable_plus, sheddable };
inline constexpr std::array<std::string_view, 4> priority_names{"critical_plus", "critical", "sheddable_plus", "sheddable"};
inline constexpr std::size_t priority_count = priority_names.size();
constexpr std::string_view name_of(Priority p) { return name_in(priority_names, p); }

}  // namespace chaossim::patterns
