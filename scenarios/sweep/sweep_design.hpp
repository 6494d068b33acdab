#pragma once
// The points of a sweep: the values each parameter takes, and the design
// that combines them (every combination, or N points drawn at random or by
// Latin hypercube). Draws use a generator of their own, seeded by the
// design, so the points are the same on every machine and library.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/sweep/sweep_file.hpp"

namespace chaossim::scenarios {

// At most this many points in a sweep: a typo in a step ("0.0001") must not
// plan a billion simulations.
inline constexpr std::size_t max_sweep_points = 1'000'000;

// A number as a parameter's value: whole when `integral`, else rounded to 12
// significant digits (0.1 + 0.2 is 0.3), with the unit appended as a string.
json parameter_value(double x, bool integral, const std::string& unit);
// The grid values of a range, from `from` by `step` up to `to` (included
// when it falls on a step), and of a log range: `points` values spaced
// evenly in log between `from` and `to`, to 6 significant digits.
std::vector<json> range_values(double from, double to, double step, bool integral, const std::string& unit);
std::vector<json> log_range_values(double from, double to, int points, const std::string& unit);
// How many values a range has (saturating past max_sweep_points).
std::size_t range_size(double from, double to, double step);

// The value of `values` at the fraction `u` (in [0, 1)) of its span.
json value_at(const ParameterValues& values, double u);

// How many points a grid over these parameters has, saturating past max_sweep_points.
std::size_t grid_size(const std::vector<SweepParameter>& parameters);

// Each point's values (one per parameter) in design order; empty for bisect,
// whose points are decided one after the other.
std::vector<std::vector<json>> design_points(const SweepFile& sweep);

// p0000, p0001, ...: four digits, more when `count` needs them, so that ids sort.
std::string point_id(std::size_t index, std::size_t count);

}  // namespace chaossim::scenarios
