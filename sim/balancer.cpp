#include "sim/balancer.hpp"

namespace chaossim::sim {

Balancer::Balancer(scenarios::Balancer kind, int instances, std::uint64_t seed, const std::vector<char>* listed)
    : kind_(kind), outstanding_(instances, 0), out_(static_cast<std::size_t>(instances), 0), rng_(seed) {
  if (listed != nullptr) scope_ = std::make_unique<Scope>(Scope{listed, {}});
}

bool Balancer::set_out(int instance, Out why, bool out) {
  auto& reasons = out_[static_cast<std::size_t>(instance)];
  const bool was_in = reasons == 0;
  reasons = static_cast<char>(out ? reasons | why : reasons & ~why);
  const bool is_in = reasons == 0;
  if (was_in == is_in) return false;
  out_of_rotation_ += is_in ? -1 : +1;
  return true;
}

template <class Usable>
int Balancer::nth_usable(int n, int count, int k, Usable usable) {
  if (count == n) return k;  // all usable: no scan
  for (int i = 0; i < n; ++i)
    if (usable(i) && k-- == 0) return i;
  return 0;  // unreachable: k < the number of usable instances
}

template <class Usable>
int Balancer::choose(int n, int count, Usable usable) {
  switch (kind_) {
    case scenarios::Balancer::random:
      return nth_usable(n, count, static_cast<int>(rng_.below(static_cast<std::uint64_t>(count))), usable);
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
    case scenarios::Balancer::p2c: {
      if (count == 1) break;  // the one usable, found in turn below
      // Two distinct usable instances, drawn uniformly; the fewer outstanding, the first drawn on a tie.
      const auto first = static_cast<int>(rng_.below(static_cast<std::uint64_t>(count)));
      auto second = static_cast<int>(rng_.below(static_cast<std::uint64_t>(count - 1)));
      if (second >= first) ++second;
      const int a = nth_usable(n, count, first, usable), b = nth_usable(n, count, second, usable);
      return outstanding_[b] < outstanding_[a] ? b : a;
    }
    case scenarios::Balancer::round_robin: break;
  }
  while (!usable(next_)) next_ = (next_ + 1) % n;
  const int chosen = next_;
  next_ = (next_ + 1) % n;
  return chosen;
}

int Balancer::pick_any() {
  const int n = static_cast<int>(outstanding_.size());
  if (n == 1) return 0;
  // With every instance out of rotation, all are usable again.
  const bool everyone = out_of_rotation_ == 0 || out_of_rotation_ == n;
  return choose(n, everyone ? n : n - out_of_rotation_,
                [&](int i) { return everyone || out_[static_cast<std::size_t>(i)] == 0; });
}

int Balancer::pick_listed(int caller_zone) {
  const int n = static_cast<int>(outstanding_.size());
  const std::vector<char>* listed = scope_->listed;
  const std::vector<int>& zone_of = scope_->zone_of;
  if (zone_of.empty()) caller_zone = -1;
  const auto in_service = [&](std::size_t k) { return listed == nullptr || (*listed)[k] != 0; };
  int serving = 0, healthy = 0, local = 0;
  for (std::size_t k = 0; k < outstanding_.size(); ++k)
    if (in_service(k)) {
      ++serving;
      healthy += out_[k] == 0;
      local += out_[k] == 0 && caller_zone >= 0 && zone_of[k] == caller_zone;
    }
  if (serving == 0) return -1;
  if (local > 0)
    return choose(n, local, [&](int i) {
      const auto k = static_cast<std::size_t>(i);
      return in_service(k) && out_[k] == 0 && zone_of[k] == caller_zone;
    });
  const bool everyone = healthy == 0;
  return choose(n, everyone ? serving : healthy, [&](int i) {
    const auto k = static_cast<std::size_t>(i);
    return in_service(k) && (everyone || out_[k] == 0);
  });
}

}  // namespace chaossim::sim
