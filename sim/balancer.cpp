#include "sim/balancer.hpp"

namespace chaossim::sim {

Balancer::Balancer(scenarios::Balancer kind, int instances, std::uint64_t seed)
    : kind_(kind), outstanding_(instances, 0), rng_(seed) {}

int Balancer::pick() {
  const int n = static_cast<int>(outstanding_.size());
  if (n == 1) return 0;
  switch (kind_) {
    case scenarios::Balancer::random: return static_cast<int>(rng_.below(n));
    case scenarios::Balancer::least_outstanding: {
      // Ties go round robin, so an idle service is not served by instance 0 alone.
      int best = next_;
      for (int k = 1; k < n; ++k) {
        const int i = (next_ + k) % n;
        if (outstanding_[i] < outstanding_[best]) best = i;
      }
      next_ = (best + 1) % n;
      return best;
    }
    case scenarios::Balancer::round_robin: break;
  }
  const int chosen = next_;
  next_ = (next_ + 1) % n;
  return chosen;
}

}  // namespace chaossim::sim
