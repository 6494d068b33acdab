#pragma once
// How a caller picks the instance of a service it calls. Each calling edge has
// its own balancer; by default each caller instance balances on its own view
// (the requests it has outstanding), as a client-side load balancer in every
// process does (Envoy's per worker): views differ, and partial views herd.
#include <memory>
#include <optional>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/rng.hpp"

namespace chaossim::sim {

class Balancer {
 public:
  // `listed`: which of the instances are in service (an autoscaled
  // service's); null when all of them always are.
  Balancer(scenarios::Balancer kind, int instances, std::uint64_t seed, const std::vector<char>* listed = nullptr);

  // One view per caller instance (`callers` of them), each starting its
  // round at an instance of its own, as processes started apart do.
  void split_views(int callers);
  int views() const { return static_cast<int>(views_.size()); }

  // The next instance for a caller holding `view`, among those in rotation;
  // when a health check has taken every one out, among all of them (Envoy's
  // "panic mode": better a chance than a certain failure). -1 when none is in
  // service: "no healthy upstream". With zones to prefer, among those in
  // `caller_zone` while any of them is in service and in rotation (as Envoy's
  // zone-aware routing), else among all.
  int pick(int caller_zone, int view, double now) { return scope_ == nullptr ? pick_any(view) : pick_scoped(caller_zone, view, now); }
  // Whether it picks among some instances only (pick() may then say -1), by
  // zone, or by weight: when not, pick_any() is pick().
  bool scoped() const { return scope_ != nullptr; }
  int pick_any(int view);  // every instance listed, no zone preferred, all weigh alike
  // Prefers the instances in its caller's zone: `zone_of[i]` is instance i's.
  void prefer_zones(std::vector<int> zone_of) { scope().zone_of = std::move(zone_of); }
  // Instance i weighs weights[i % size]; with slow start, an instance back in
  // service weighs less for a while: since `up_since[i]` (its service's: a
  // crash's end, its autoscaler listing it) or since it came back into
  // rotation, whichever is later.
  struct UpSince {
    const std::vector<double>* restored = nullptr;  // per instance, when its last crash ended (-infinity: none yet)
    const std::vector<double>* listed = nullptr;    // per instance, when its autoscaler last listed it; null: not autoscaled
  };
  void weigh(std::vector<double> weights, std::optional<scenarios::SlowStart> slow_start, UpSince up_since);

  // Why an instance is out of rotation: a health check found it unhealthy,
  // outlier detection ejected it, discovery no longer lists it (a rolling
  // restart); it is in when none holds.
  enum Out : char { unhealthy = 1, ejected = 2, deregistered = 4 };
  // Sets or clears one reason at `now`; says whether the instance left or entered rotation.
  bool set_out(int instance, Out why, bool out, double now);
  bool set_in_rotation(int instance, bool in_rotation, double now) { return set_out(instance, unhealthy, !in_rotation, now); }
  void on_sent(int instance, int view) { ++views_[static_cast<std::size_t>(view)].outstanding[static_cast<std::size_t>(instance)]; }
  void on_answered(int instance, int view) { --views_[static_cast<std::size_t>(view)].outstanding[static_cast<std::size_t>(instance)]; }
  int outstanding(int instance, int view) const { return views_[static_cast<std::size_t>(view)].outstanding[static_cast<std::size_t>(instance)]; }

 private:
  // What one caller instance knows: where its round is, what it has
  // outstanding, and (weighted round robin) each instance's credit.
  struct View {
    int next = 0;
    std::vector<int> outstanding;
    std::vector<double> credit;
  };
  // Which instances it may pick, where and how much, when not all of them
  // anywhere alike: apart, so that the common balancer stays small in its edge.
  struct Scope {
    const std::vector<char>* listed = nullptr;
    std::vector<int> zone_of;  // empty: no zone preferred
    std::vector<double> weights;  // empty: all alike
    std::optional<scenarios::SlowStart> slow_start;
    UpSince up_since;
    std::vector<double> in_since;  // with slow start: when each came back into rotation
  };
  Scope& scope() {
    if (scope_ == nullptr) scope_ = std::make_unique<Scope>();
    return *scope_;
  }
  bool weighted() const { return scope_ != nullptr && (!scope_->weights.empty() || scope_->slow_start); }
  double weight(int instance, double now) const;

  // Among the `usable` of `n` instances, `count` of them.
  template <class Usable>
  int choose(View& v, int n, int count, Usable usable);
  template <class Usable>
  int choose_weighted(View& v, int n, Usable usable, double now);
  // The k-th (from 0) of the `count` usable instances of `n`.
  template <class Usable>
  int nth_usable(int n, int count, int k, Usable usable);
  int pick_scoped(int caller_zone, int view, double now);

  scenarios::Balancer kind_;
  int instances_;
  std::vector<View> views_;
  std::vector<char> out_;  // per instance, its Out reasons (0: in rotation)
  int out_of_rotation_ = 0;
  Rng rng_;
  std::unique_ptr<Scope> scope_;  // null: any instance, no zone preferred, all alike
};

}  // namespace chaossim::sim
