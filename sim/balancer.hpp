#pragma once
// How a caller picks the instance of a service it calls. Each calling edge has
// its own balancer and sees only its own outstanding requests, as a client-side
// load balancer (e.g. Envoy's least_request) does.
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/rng.hpp"

namespace chaossim::sim {

class Balancer {
 public:
  Balancer(scenarios::Balancer kind, int instances, std::uint64_t seed);

  int pick();
  void on_sent(int instance) { ++outstanding_[instance]; }
  void on_answered(int instance) { --outstanding_[instance]; }

 private:
  scenarios::Balancer kind_;
  int next_ = 0;
  std::vector<int> outstanding_;
  Rng rng_;
};

}  // namespace chaossim::sim
