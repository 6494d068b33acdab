#include "sim/service_time.hpp"

namespace chaossim::sim {

// z such that P(Z <= z) = 0.99 for a standard normal Z.
constexpr double z99 = 2.3263478740408408;

ServiceTime::ServiceTime(const scenarios::Distribution& d) : dist_(d) {
  if (d.kind == scenarios::DistKind::lognormal) {
    mu_ = std::log(d.median_s);
    sigma_ = std::log(d.p99_s / d.median_s) / z99;
  }
}

double ServiceTime::sample(Rng& rng) const {
  switch (dist_.kind) {
    case scenarios::DistKind::constant: return dist_.value_s;
    case scenarios::DistKind::exponential: return rng.exponential(dist_.mean_s);
    case scenarios::DistKind::uniform: return rng.uniform(dist_.min_s, dist_.max_s);
    case scenarios::DistKind::lognormal: return std::exp(mu_ + sigma_ * rng.normal());
  }
  return 0;
}

double ServiceTime::mean() const {
  switch (dist_.kind) {
    case scenarios::DistKind::constant: return dist_.value_s;
    case scenarios::DistKind::exponential: return dist_.mean_s;
    case scenarios::DistKind::uniform: return (dist_.min_s + dist_.max_s) / 2;
    case scenarios::DistKind::lognormal: return std::exp(mu_ + sigma_ * sigma_ / 2);
  }
  return 0;
}

}  // namespace chaossim::sim
