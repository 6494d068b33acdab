#include "patterns/adaptive_throttling.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::patterns {

ReferenceAdaptiveThrottle::Slice& ReferenceAdaptiveThrottle::current(double now) {
  const auto epoch = static_cast<std::int64_t>(std::floor(now * slices / config_.window_s));
  Slice& s = window_[static_cast<std::size_t>(epoch % slices)];
  if (s.epoch != epoch) s = Slice{epoch, 0, 0};
  return s;
}

double ReferenceAdaptiveThrottle::reject_probability(double now) {
  const std::int64_t epoch = current(now).epoch;
  std::int64_t requests = 0, accepts = 0;
  for (const Slice& s : window_)
    if (s.epoch > epoch - slices) {
      requests += s.requests;
      accepts += s.accepts;
    }
  const double excess = static_cast<double>(requests) - config_.k * static_cast<double>(accepts);
  return std::max(0.0, excess / static_cast<double>(requests + 1));
}

bool ReferenceAdaptiveThrottle::try_send(double now, double uniform) {
  const double p = reject_probability(now);
  ++current(now).requests;
  return uniform >= p;
}

void ReferenceAdaptiveThrottle::on_result(double now, Outcome outcome) {
  if (accepted(outcome)) ++current(now).accepts;
}

}  // namespace chaossim::patterns
