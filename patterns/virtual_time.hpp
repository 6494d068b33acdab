#pragma once
#include <algorithm>
#include <cmath>

namespace chaossim::patterns {

// Has time `now` reached instant `at`? To within a relative 1e-12, so that
// times written in decimal (0.2 + 1.0 vs 1.2) compare as their writer meant.
inline bool reached(double now, double at) { return now >= at - 1e-12 * std::max(1.0, std::abs(at)); }

}  // namespace chaossim::patterns
