#pragma once
// The path of every call, caller to callee and back: balancing, the network
// hops, and the edge's metrics. This is the seam where resilience pipelines
// (around `call`) and network faults (in the hops) plug in.
#include <vector>

#include "sim/balancer.hpp"
#include "sim/edges.hpp"
#include "sim/network.hpp"
#include "sim/recorder.hpp"
#include "sim/request.hpp"

namespace chaossim::sim {

class ServiceSimulator;

struct EdgeRuntime {
  ServiceSimulator* target = nullptr;
  Balancer balancer;
  Recorder recorder;
};

class CallPath {
 public:
  CallPath(Network& network, RequestPool& pool) : network_(network), pool_(pool) {}

  void add_edge(ServiceSimulator* target, Balancer balancer, const BucketGrid& grid) {
    edges_.push_back(EdgeRuntime{target, std::move(balancer), Recorder(grid)});
  }

  // A new request over `edge`, not yet sent: the caller may attach what it
  // needs (a deadline) before send(), since with zero latency and an
  // immediate refusal the answer comes back within send() itself.
  Request* open(std::uint32_t edge, Caller* caller, Request* parent, const Endpoint* reply_to);
  // Sends it; the caller's on_answer gets it back, after which it is recycled.
  void send(Request* request);
  // The callee is done with `request` (outcome set): the answer travels back.
  void answer(Request* request, const Endpoint& from);

  std::vector<EdgeRuntime>& edges() { return edges_; }

 private:
  void deliver(Request* request);

  Network& network_;
  RequestPool& pool_;
  std::vector<EdgeRuntime> edges_;
};

}  // namespace chaossim::sim
