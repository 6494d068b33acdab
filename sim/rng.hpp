#pragma once
// Random streams. Every source of randomness in a run (a client's arrivals, a
// service's service times, a balancer) owns a stream seeded from the run's seed
// and a stable stream index, so adding a service never shifts another's draws.
#include <cmath>
#include <cstdint>
#include <random>

#include "patterns/random.hpp"

namespace chaossim::sim {

// SplitMix64 finaliser: turns (seed, stream) into well-mixed, independent seeds.
constexpr std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // In (0, 1): never 0, so log(u) is always finite.
  double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double exponential(double mean) { return -mean * std::log(uniform()); }
  bool bernoulli(double p) { return p > 0 && uniform() < p; }
  std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>(uniform() * static_cast<double>(n)) % n; }

  // Standard normal by the Box-Muller transform, written out so that the
  // numbers do not depend on the standard library's distribution code.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double theta = 2.0 * M_PI * uniform();
    spare_ = r * std::sin(theta);
    has_spare_ = true;
    return r * std::cos(theta);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// patterns::Random over one of the run's streams.
class StreamRandom final : public patterns::Random {
 public:
  explicit StreamRandom(std::uint64_t seed) : rng_(seed) {}
  double uniform() override { return rng_.uniform(); }

 private:
  Rng rng_;
};

}  // namespace chaossim::sim
