#include "sim/balancer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chaossim::sim {

Balancer::Balancer(scenarios::Balancer kind, int instances, std::uint64_t seed, const std::vector<char>* listed)
    : kind_(kind), instances_(instances), views_(1), out_(static_cast<std::size_t>(instances), 0), rng_(seed) {
  views_.front().outstanding.assign(static_cast<std::size_t>(instances), 0);
  if (listed != nullptr) scope().listed = listed;
}

void Balancer::split_views(int callers) {
  if (callers <= 1) return;
  views_.assign(static_cast<std::size_t>(callers), View{});
  for (View& v : views_) {
    v.outstanding.assign(static_cast<std::size_t>(instances_), 0);
    v.next = static_cast<int>(rng_.below(static_cast<std::uint64_t>(instances_)));
  }
}

void Balancer::weigh(std::vector<double> weights, std::optional<scenarios::SlowStart> slow_start, UpSince up_since) {
  if (weights.empty() && !slow_start) return;
  Scope& s = scope();
  s.weights = std::move(weights);
  s.slow_start = slow_start;
  s.up_since = up_since;
  if (slow_start) s.in_since.assign(static_cast<std::size_t>(instances_), -std::numeric_limits<double>::infinity());
}

bool Balancer::set_out(int instance, Out why, bool out, double now) {
  auto& reasons = out_[static_cast<std::size_t>(instance)];
  const bool was_in = reasons == 0;
  reasons = static_cast<char>(out ? reasons | why : reasons & ~why);
  const bool is_in = reasons == 0;
  if (was_in == is_in) return false;
  out_of_rotation_ += is_in ? -1 : +1;
  if (is_in && scope_ != nullptr && scope_->slow_start) scope_->in_since[static_cast<std::size_t>(instance)] = now;
  return true;
}

double Balancer::weight(int instance, double now) const {
  const auto i = static_cast<std::size_t>(instance);
  const Scope& s = *scope_;
  double w = s.weights.empty() ? 1.0 : s.weights[i % s.weights.size()];
  if (s.slow_start) {
    double since = s.in_since[i];
    if (s.up_since.restored != nullptr) since = std::max(since, (*s.up_since.restored)[i]);
    if (s.up_since.listed != nullptr) since = std::max(since, (*s.up_since.listed)[i]);
    const double age = now - since;
    if (age < s.slow_start->window_s)
      w *= std::max(s.slow_start->min_weight, std::pow(age / s.slow_start->window_s, 1.0 / s.slow_start->aggression));
  }
  return w;
}

template <class Usable>
int Balancer::nth_usable(int n, int count, int k, Usable usable) {
  if (count == n) return k;  // all usable: no scan
  for (int i = 0; i < n; ++i)
    if (usable(i) && k-- == 0) return i;
  return 0;  // unreachable: k < the number of usable instances
}

template <class Usable>
int Balancer::choose(View& v, int n, int count, Usable usable) {
  const auto& outstanding = v.outstanding;
  switch (kind_) {
    case scenarios::Balancer::random:
      return nth_usable(n, count, static_cast<int>(rng_.below(static_cast<std::uint64_t>(count))), usable);
    case scenarios::Balancer::least_outstanding: {
      // Ties go round robin, so an idle service is not served by instance 0 alone.
      int best = -1;
      for (int k = 0; k < n; ++k) {
        const int i = (v.next + k) % n;
        if (usable(i) && (best < 0 || outstanding[i] < outstanding[best])) best = i;
      }
      v.next = (best + 1) % n;
      return best;
    }
    case scenarios::Balancer::p2c: {
      if (count == 1) break;  // the one usable, found in turn below
      // Two distinct usable instances, drawn uniformly; the fewer outstanding, the first drawn on a tie.
      const auto first = static_cast<int>(rng_.below(static_cast<std::uint64_t>(count)));
      auto second = static_cast<int>(rng_.below(static_cast<std::uint64_t>(count - 1)));
      if (second >= first) ++second;
      const int a = nth_usable(n, count, first, usable), b = nth_usable(n, count, second, usable);
      return outstanding[b] < outstanding[a] ? b : a;
    }
    case scenarios::Balancer::round_robin: break;
  }
  while (!usable(v.next)) v.next = (v.next + 1) % n;
  const int chosen = v.next;
  v.next = (v.next + 1) % n;
  return chosen;
}

template <class Usable>
int Balancer::choose_weighted(View& v, int n, Usable usable, double now) {
  // The least loaded compare outstanding + 1 over weight (Envoy's least
  // request with an active request bias of 1): a light instance with
  // nothing outstanding still loses to a heavy one with little.
  const auto load = [&](int i) { return (v.outstanding[static_cast<std::size_t>(i)] + 1) / weight(i, now); };
  switch (kind_) {
    case scenarios::Balancer::random: {
      double total = 0;
      for (int i = 0; i < n; ++i)
        if (usable(i)) total += weight(i, now);
      double left = rng_.uniform() * total;
      int last = -1;
      for (int i = 0; i < n; ++i)
        if (usable(i)) {
          last = i;
          left -= weight(i, now);
          if (left < 0) return i;
        }
      return last;
    }
    case scenarios::Balancer::least_outstanding: {
      int best = -1;
      double lightest = 0;
      for (int k = 0; k < n; ++k) {
        const int i = (v.next + k) % n;
        if (!usable(i)) continue;
        const double l = load(i);
        if (best < 0 || l < lightest) best = i, lightest = l;
      }
      v.next = (best + 1) % n;
      return best;
    }
    case scenarios::Balancer::p2c: {
      int count = 0;
      for (int i = 0; i < n; ++i) count += usable(i) ? 1 : 0;
      if (count == 1) break;
      const auto first = static_cast<int>(rng_.below(static_cast<std::uint64_t>(count)));
      auto second = static_cast<int>(rng_.below(static_cast<std::uint64_t>(count - 1)));
      if (second >= first) ++second;
      const int a = nth_usable(n, -1, first, usable), b = nth_usable(n, -1, second, usable);
      return load(b) < load(a) ? b : a;
    }
    case scenarios::Balancer::round_robin: break;
  }
  // Smooth weighted round robin (as nginx's): each usable instance earns its
  // weight in credit, the richest is chosen and pays the round's total. Over
  // a round each is chosen in proportion, spread out rather than in runs;
  // weights changing (slow start) take effect at once. Ties go from the
  // view's own starting instance.
  if (v.credit.empty()) v.credit.assign(static_cast<std::size_t>(n), 0);
  double total = 0;
  int best = -1;
  for (int k = 0; k < n; ++k) {
    const int i = (v.next + k) % n;
    if (!usable(i)) continue;
    const auto at = static_cast<std::size_t>(i);
    const double w = weight(i, now);
    v.credit[at] += w;
    total += w;
    if (best < 0 || v.credit[at] > v.credit[static_cast<std::size_t>(best)]) best = i;
  }
  v.credit[static_cast<std::size_t>(best)] -= total;
  return best;
}

int Balancer::pick_any(int view) {
  View& v = views_[static_cast<std::size_t>(view)];
  const int n = instances_;
  if (n == 1) return 0;
  // With every instance out of rotation, all are usable again.
  const bool everyone = out_of_rotation_ == 0 || out_of_rotation_ == n;
  return choose(v, n, everyone ? n : n - out_of_rotation_, [&](int i) { return everyone || out_[static_cast<std::size_t>(i)] == 0; });
}

int Balancer::pick_scoped(int caller_zone, int view, double now) {
  View& v = views_[static_cast<std::size_t>(view)];
  const int n = instances_;
  const std::vector<char>* listed = scope_->listed;
  const std::vector<int>& zone_of = scope_->zone_of;
  if (zone_of.empty()) caller_zone = -1;
  const auto in_service = [&](std::size_t k) { return listed == nullptr || (*listed)[k] != 0; };
  int serving = 0, healthy = 0, local = 0;
  for (std::size_t k = 0; k < out_.size(); ++k)
    if (in_service(k)) {
      ++serving;
      healthy += out_[k] == 0;
      local += out_[k] == 0 && caller_zone >= 0 && zone_of[k] == caller_zone;
    }
  if (serving == 0) return -1;
  const auto among = [&](int count, auto usable) { return weighted() ? choose_weighted(v, n, usable, now) : choose(v, n, count, usable); };
  if (local > 0)
    return among(local, [&](int i) {
      const auto k = static_cast<std::size_t>(i);
      return in_service(k) && out_[k] == 0 && zone_of[k] == caller_zone;
    });
  const bool everyone = healthy == 0;
  return among(everyone ? serving : healthy, [&](int i) {
    const auto k = static_cast<std::size_t>(i);
    return in_service(k) && (everyone || out_[k] == 0);
  });
}

}  // namespace chaossim::sim
