#pragma once
// A client's offered rate over time, from data: points from 0 s, joined
// linearly or held as steps, flat after the last point or repeated every
// `period` (a diurnal curve). Plain data and its arithmetic, shared by the
// loader (checks), the simulation (thinning) and the work estimate.
#include <optional>
#include <string>
#include <vector>

namespace chaossim::scenarios {

struct RampPoint {
  double at_s = 0;
  double rate_per_s = 0;
};

enum class Interpolation { linear, step };

struct RateProfile {
  std::vector<RampPoint> points;  // increasing at_s, the first at 0
  Interpolation interpolation = Interpolation::linear;
  // Repeats with this period: the curve after the last point goes back to the
  // first (linearly, or holding the last step) at the period's end.
  std::optional<double> period_s;
  std::string file;  // the CSV the points came from, as the scenario names it; empty for points

  double rate_at(double t) const;
  double peak() const;
  // Requests expected in [0, t): the rate's integral.
  double expected_requests(double t) const;
};

}  // namespace chaossim::scenarios
