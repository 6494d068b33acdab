#include "patterns/adaptive_throttling.hpp"

#include <algorithm>

namespace chaossim::patterns {

double ReferenceAdaptiveThrottle::reject_probability(double now) {
  const auto [requests, accepts] = counts_.totals(now);
  const double excess = static_cast<double>(requests) - config_.k * static_cast<double>(accepts);
  return std::max(0.0, excess / static_cast<double>(requests + 1));
}

bool ReferenceAdaptiveThrottle::try_send(double now, double uniform) {
  const double p = reject_probability(now);
  counts_.add_first(now);
  return uniform >= p;
}

void ReferenceAdaptiveThrottle::on_result(double now, Outcome outcome) {
  if (accepted(outcome)) counts_.add_second(now);
}

}  // namespace chaossim::patterns
