#pragma once
// A latency fault's per-message variation, as `tc netem delay D J C` draws
// it: uniform in (-J, J), each draw leaning on the last by the correlation C
// (next = C x last + (1 - C) x fresh). An AR(1) process: its lag-1
// autocorrelation is C, its mean 0; like netem's, its spread narrows as C grows.
#include "sim/rng.hpp"

namespace chaossim::sim {

class CorrelatedJitter {
 public:
  CorrelatedJitter(double jitter_s, double correlation) : jitter_(jitter_s), correlation_(correlation) {}

  double next(Rng& rng) {
    last_ = correlation_ * last_ + (1 - correlation_) * rng.uniform(-jitter_, jitter_);
    return last_;
  }

 private:
  double jitter_, correlation_;
  double last_ = 0;
};

}  // namespace chaossim::sim
