#include "sim/balancer.hpp"

namespace chaossim::sim {

Balancer::Balancer(scenarios::Balancer kind, int instances, std::uint64_t seed, const std::vector<char>* listed)
    : kind_(kind), listed_(listed), outstanding_(instances, 0), in_rotation_(static_cast<std::size_t>(instances), 1), rng_(seed) {}

void Balancer::set_in_rotation(int instance, bool in_rotation) {
  auto& slot = in_rotation_[static_cast<std::size_t>(instance)];
  if (static_cast<bool>(slot) == in_rotation) return;
  slot = in_rotation;
  out_of_rotation_ += in_rotation ? -1 : +1;
}

template <class Usable>
int Balancer::choose(int n, int count, Usable usable) {
  switch (kind_) {
    case scenarios::Balancer::random: {
      int k = static_cast<int>(rng_.below(static_cast<std::uint64_t>(count)));
      for (int i = 0; i < n; ++i)
        if (usable(i) && k-- == 0) return i;
      return 0;  // unreachable: k < the number of usable instances
    }
    case scenarios::Balancer::least_outstanding: {
      // Ties go round robin, so an idle service is not served by instance 0 alone.
      int best = -1;
      for (int k = 0; k < n; ++k) {
        const int i = (next_ + k) % n;
        if (usable(i) && (best < 0 || outstanding_[i] < outstanding_[best])) best = i;
      }
      next_ = (best + 1) % n;
      return best;
    }
    case scenarios::Balancer::round_robin: break;
  }
  while (!usable(next_)) next_ = (next_ + 1) % n;
  const int chosen = next_;
  next_ = (next_ + 1) % n;
  return chosen;
}

int Balancer::pick() {
  if (listed_ != nullptr) return pick_listed();
  const int n = static_cast<int>(outstanding_.size());
  if (n == 1) return 0;
  // With every instance out of rotation, all are usable again.
  const bool everyone = out_of_rotation_ == 0 || out_of_rotation_ == n;
  return choose(n, everyone ? n : n - out_of_rotation_,
                [&](int i) { return everyone || in_rotation_[static_cast<std::size_t>(i)] != 0; });
}

int Balancer::pick_listed() {
  const auto& listed = *listed_;
  const int n = static_cast<int>(outstanding_.size());
  int in_service = 0, healthy = 0;
  for (std::size_t i = 0; i < listed.size(); ++i)
    if (listed[i] != 0) {
      ++in_service;
      healthy += in_rotation_[i] != 0;
    }
  if (in_service == 0) return -1;
  const bool everyone = healthy == 0;
  return choose(n, everyone ? in_service : healthy, [&](int i) {
    const auto k = static_cast<std::size_t>(i);
    return listed[k] != 0 && (everyone || in_rotation_[k] != 0);
  });
}

}  // namespace chaossim::sim
