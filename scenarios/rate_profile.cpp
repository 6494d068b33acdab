#include "scenarios/rate_profile.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::scenarios {

namespace {

// The segment [from, to) of the curve within one period, and its rates at both ends.
struct Segment {
  double from, to, rate_from, rate_to;
};

// The segment holding `t`, which lies in [0, period) or, without a period, anywhere from 0.
Segment segment_at(const RateProfile& p, double t) {
  const auto& pts = p.points;
  const auto next = std::upper_bound(pts.begin(), pts.end(), t, [](double v, const RampPoint& q) { return v < q.at_s; });
  const RampPoint& here = *(next - 1);
  if (next != pts.end()) return {here.at_s, next->at_s, here.rate_per_s, next->rate_per_s};
  if (p.period_s) return {here.at_s, *p.period_s, here.rate_per_s, pts.front().rate_per_s};
  return {here.at_s, here.at_s, here.rate_per_s, here.rate_per_s};  // flat after the last point
}

double rate_in(const RateProfile& p, const Segment& s, double t) {
  if (p.interpolation == Interpolation::step || s.to <= s.from) return s.rate_from;
  return s.rate_from + (s.rate_to - s.rate_from) * (t - s.from) / (s.to - s.from);
}

// The integral of the rate over [segment start, t).
double area_to(const RateProfile& p, const Segment& s, double t) {
  return (t - s.from) * (rate_in(p, s, s.from) + rate_in(p, s, t)) / 2;
}

}  // namespace

double RateProfile::rate_at(double t) const {
  if (points.empty()) return 0;
  if (period_s) t = std::fmod(std::max(t, 0.0), *period_s);
  return rate_in(*this, segment_at(*this, std::max(t, 0.0)), std::max(t, 0.0));
}

double RateProfile::peak() const {
  double peak = 0;
  for (const auto& q : points) peak = std::max(peak, q.rate_per_s);
  return peak;
}

double RateProfile::expected_requests(double t) const {
  if (points.empty() || t <= 0) return 0;
  const auto within = [this](double until) {
    double total = 0;
    for (double from = 0; from < until;) {
      const Segment s = segment_at(*this, from);
      const double to = s.to > s.from ? std::min(s.to, until) : until;
      total += area_to(*this, s, to);
      from = to;
    }
    return total;
  };
  if (!period_s) return within(t);
  const double periods = std::floor(t / *period_s);
  return periods * within(*period_s) + within(t - periods * *period_s);
}

}  // namespace chaossim::scenarios
