#pragma once
// What a scenario key may hold: whether it must be there, and the range of a
// number. Shared by the loader's readers and the fault kinds' modules
// (fault_module.hpp), which say their keys' rules without seeing any JSON.
#include <limits>
#include <string>

namespace chaossim::scenarios {

enum class Need { optional, required };

struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;

  static Bounds at_least(double v) { return {v, std::numeric_limits<double>::infinity(), false}; }
  static Bounds above(double v) { return {v, std::numeric_limits<double>::infinity(), true}; }
  static Bounds between(double lo, double hi) { return {lo, hi, false}; }
  bool contains(double v) const { return (min_exclusive ? v > min : v >= min) && v <= max; }
  std::string describe() const;
};

}  // namespace chaossim::scenarios
