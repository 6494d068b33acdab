#pragma once
// The path of every call, caller to callee and back: the edge's resilience
// pipeline (pipeline_stages.cpp), balancing, the network hops, and the edge's
// metrics. Network faults plug into the hops.
#include <memory>
#include <vector>

#include "sim/balancer.hpp"
#include "sim/edge_patterns.hpp"
#include "sim/edges.hpp"
#include "sim/network.hpp"
#include "sim/reaction_log.hpp"
#include "sim/recorder.hpp"
#include "sim/request.hpp"

namespace chaossim::sim {

class ServiceSimulator;

struct EdgeRuntime {
  ServiceSimulator* target = nullptr;
  Balancer balancer;
  Recorder recorder;
  std::unique_ptr<EdgePatterns> patterns;
  bool circuit_open = false;  // as last seen, for the circuit_open level
};

class CallPath {
 public:
  CallPath(Network& network, ReactionLog& reactions) : network_(network), reactions_(reactions) {}

  void add_edge(ServiceSimulator* target, Balancer balancer, const BucketGrid& grid, std::unique_ptr<EdgePatterns> patterns) {
    edges_.push_back(EdgeRuntime{target, std::move(balancer), Recorder(grid), std::move(patterns), false});
  }

  // A new call over `edge`, not yet started: the caller may attach what it
  // needs (a deadline) before start(), since with zero latency and an
  // immediate refusal the call can end within start() itself.
  LogicalCall* open(std::uint32_t edge, Caller* caller, Request* parent, const Endpoint* reply_to, std::uint64_t key);
  // Starts it; the caller's on_call_done gets it back, after which it is recycled.
  void start(LogicalCall* call);
  // The caller no longer waits (its deadline passed): no new attempts are made.
  void cancel(LogicalCall* call);

  // The callee is done with `request` (outcome set): the answer travels back.
  void answer(Request* request, const Endpoint& from);
  // `request` will never be answered (its message or its server is gone). The
  // caller is not told: it finds out the way it would in reality, by a timeout
  // or its deadline, or never.
  void lose(Request* request);

  std::vector<EdgeRuntime>& edges() { return edges_; }

 private:
  // The pipeline, one stage per frame (pipeline_stages.cpp).
  void invoke(LogicalCall* call, Frame* parent, std::uint8_t depth);
  void run_stage(Frame* f);
  void child_done(Frame* f, patterns::CallResult result);
  void complete(Frame* f, patterns::CallResult result);
  void release(Frame* f);
  void finish(LogicalCall* call, patterns::CallResult result);
  void reject(Frame* f, Counter counter, patterns::RejectedBy by);
  void note_circuit(EdgeRuntime& e, std::uint32_t edge, double now);
  void fall_back(Frame* f, patterns::CallResult failure);
  void schedule_hedge(Frame* f);

  // The attempt on the wire.
  void send_attempt(Frame* f);
  void deliver(Request* request);
  // Ends the lost attempts of `call` nobody waits for any more (all of them
  // when `all`), as timed out: their frames and the call can then be recycled.
  void give_up_lost(LogicalCall* call, bool all);
  void end_lost(Request* request);

  Network& network_;
  ReactionLog& reactions_;
  Pool<LogicalCall> calls_;
  Pool<Frame> frames_;
  Pool<Request> requests_;
  std::vector<EdgeRuntime> edges_;
};

}  // namespace chaossim::sim
