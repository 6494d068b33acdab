#include "reports/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/students_t.hpp>

namespace chaossim::reports {

double mean(const std::vector<double>& xs) {
  if (xs.empty()) return 0;
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double sample_stddev(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  const double m = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

double mean_ci_half_width(const std::vector<double>& xs, double confidence) {
  if (xs.size() < 2) return 0;
  const boost::math::students_t t(static_cast<double>(xs.size() - 1));
  const double quantile = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2));
  return quantile * sample_stddev(xs) / std::sqrt(static_cast<double>(xs.size()));
}

std::optional<std::pair<double, double>> mean_ci(const std::vector<double>& xs, double confidence) {
  if (xs.size() < 2) return std::nullopt;
  const double m = mean(xs), h = mean_ci_half_width(xs, confidence);
  return std::make_pair(m - h, m + h);
}

std::optional<std::pair<double, double>> mean_ci_at_resolution(const std::vector<double>& xs, double resolution,
                                                               double confidence) {
  if (xs.size() < 2) return std::nullopt;
  const double m = mean(xs), h = std::max(mean_ci_half_width(xs, confidence), resolution / 2);
  return std::make_pair(m - h, m + h);
}

std::optional<std::pair<double, double>> cut_below(std::optional<std::pair<double, double>> interval, double lowest) {
  if (interval) interval = std::make_pair(std::max(interval->first, lowest), std::max(interval->second, lowest));
  return interval;
}

std::optional<std::pair<double, double>> welch_ci(const std::vector<double>& a, const std::vector<double>& b,
                                                  double confidence) {
  if (a.size() < 2 || b.size() < 2) return std::nullopt;
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double va = sample_stddev(a) * sample_stddev(a) / na, vb = sample_stddev(b) * sample_stddev(b) / nb;
  const double diff = mean(a) - mean(b);
  if (va + vb == 0) return std::make_pair(diff, diff);
  // Welch-Satterthwaite degrees of freedom.
  const double df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  const boost::math::students_t t(df);
  const double h = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2)) * std::sqrt(va + vb);
  return std::make_pair(diff - h, diff + h);
}

}  // namespace chaossim::reports
