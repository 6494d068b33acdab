#pragma once
// How a caller picks the instance of a service it calls. Each calling edge has
// its own balancer and sees only its own outstanding requests, as a client-side
// load balancer (e.g. Envoy's least_request) does.
#include <memory>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/rng.hpp"

namespace chaossim::sim {

class Balancer {
 public:
  // `listed`: which of the instances are in service (an autoscaled
  // service's); null when all of them always are.
  Balancer(scenarios::Balancer kind, int instances, std::uint64_t seed, const std::vector<char>* listed = nullptr);

  // The next instance, among those in rotation; when a health check has taken
  // every one out, among all of them (Envoy's "panic mode": better a chance
  // than a certain failure). -1 when none is in service: "no healthy upstream".
  // With zones to prefer, among those in `caller_zone` while any of them is
  // in service and in rotation (as Envoy's zone-aware routing), else among all.
  int pick(int caller_zone) { return scope_ == nullptr ? pick_any() : pick_listed(caller_zone); }
  // Whether it picks among some instances only (pick() may then say -1), or
  // by zone: when not, pick_any() is pick().
  bool scoped() const { return scope_ != nullptr; }
  int pick_any();  // every instance listed, no zone preferred
  // Prefers the instances in its caller's zone: `zone_of[i]` is instance i's.
  void prefer_zones(std::vector<int> zone_of) {
    if (scope_ == nullptr) scope_ = std::make_unique<Scope>();
    scope_->zone_of = std::move(zone_of);
  }
  // Why an instance is out of rotation: a health check found it unhealthy,
  // outlier detection ejected it, or both; it is in when neither holds.
  enum Out : char { unhealthy = 1, ejected = 2 };
  // Sets or clears one reason; says whether the instance left or entered rotation.
  bool set_out(int instance, Out why, bool out);
  bool set_in_rotation(int instance, bool in_rotation) { return set_out(instance, unhealthy, !in_rotation); }
  void on_sent(int instance) { ++outstanding_[instance]; }
  void on_answered(int instance) { --outstanding_[instance]; }

 private:
  // Among the `usable` of `n` instances, `count` of them.
  template <class Usable>
  int choose(int n, int count, Usable usable);
  // The k-th (from 0) of the `count` usable instances of `n`.
  template <class Usable>
  int nth_usable(int n, int count, int k, Usable usable);
  int pick_listed(int caller_zone);

  // Which instances it may pick, and where, when not all of them anywhere:
  // apart, so that the common balancer stays small in its edge.
  struct Scope {
    const std::vector<char>* listed = nullptr;
    std::vector<int> zone_of;  // empty: no zone preferred
  };

  scenarios::Balancer kind_;
  int next_ = 0;
  std::vector<int> outstanding_;
  std::vector<char> out_;  // per instance, its Out reasons (0: in rotation)
  int out_of_rotation_ = 0;
  Rng rng_;
  std::unique_ptr<Scope> scope_;  // null: any instance, no zone preferred
};

}  // namespace chaossim::sim
