#pragma once
#include "scenarios/scenario.hpp"
#include "sim/rng.hpp"

namespace chaossim::sim {

// Draws durations from a scenario's distribution: service times, hop latencies.
class ServiceTime {
 public:
  explicit ServiceTime(const scenarios::Distribution& d);
  double sample(Rng& rng) const;
  double mean() const;

 private:
  scenarios::Distribution dist_;
  double mu_ = 0, sigma_ = 0;  // lognormal parameters
};

}  // namespace chaossim::sim
