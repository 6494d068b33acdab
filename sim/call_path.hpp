#pragma once
// The path of every call, caller to callee and back: the edge's stages (one
// per pattern, stage.hpp, outermost first), balancing, the network hops, and
// the edge's metrics. Network faults plug into the hops.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/balancer.hpp"
#include "sim/connection_pools.hpp"
#include "sim/network.hpp"
#include "sim/reaction_log.hpp"
#include "sim/recorder.hpp"
#include "sim/request.hpp"
#include "sim/rng.hpp"
#include "sim/stage.hpp"

namespace chaossim::sim {

class ServiceSimulator;
class OutlierEjector;

struct EdgeRuntime {
  ServiceSimulator* target = nullptr;
  Balancer balancer;
  Recorder recorder;
  // Heap-held: stages keep a reference to it, and edges move as they are added.
  std::unique_ptr<StreamRandom> random;
  std::vector<std::unique_ptr<Stage>> stages;  // outermost first; the attempt itself follows the last
  // Its calls' attempts carry the time their caller gives up on them (Frame::expires).
  bool propagate_deadline = false;
  // Its callers tell the callee when they give up on an attempt (cancel_on_timeout).
  bool cancel_on_timeout = false;
  // Its callers may give up on an attempt before its answer (a timeout, a
  // hedge, a deadline, a parallel step): the callee checks for wasted work.
  bool may_give_up = false;
  std::uint16_t target_endpoint = 0;  // the endpoint of the callee its calls are to
  // That endpoint's class, which its requests take whoever calls (none: the caller's).
  std::optional<patterns::Priority> target_priority = std::nullopt;
  // Its requests' and answers' sizes (the call's, or network.message_bytes).
  std::uint64_t request_bytes = 0, response_bytes = 0;
  // Its outlier detection (the run owns it), when its pipeline has one.
  OutlierEjector* outliers = nullptr;
  // Its attempts take streams of connection pools (the call's `connections`).
  bool pooled = false;
};

class CallPath {
 public:
  CallPath(Network& network, ReactionLog& reactions) : network_(network), reactions_(reactions) {}

  // Room for every edge of the run, before the first is added: stages and
  // connection pools keep references to their edge's recorder, which a
  // growing vector would move.
  void reserve_edges(std::size_t count) { edges_.reserve(count); }
  EdgeRuntime& add_edge(ServiceSimulator* target, Balancer balancer, const BucketGrid& grid) {
    if (edges_.size() == edges_.capacity()) throw std::logic_error("CallPath::add_edge beyond reserve_edges");
    return edges_.emplace_back(EdgeRuntime{target, std::move(balancer), Recorder(grid), nullptr, {}});
  }

  // A new call over `edge`, not yet started: the caller may attach what it
  // needs (a deadline) before start(), since with zero latency and an
  // immediate refusal the call can end within start() itself.
  LogicalCall* open(std::uint32_t edge, Caller* caller, Request* parent, const Endpoint* reply_to, std::uint64_t key);
  // Starts it; the caller's on_call_done gets it back, after which it is recycled.
  void start(LogicalCall* call);
  // The caller no longer waits (its deadline passed, its step is over): no
  // new attempts are made, and on an edge that cancels, those pending are cancelled.
  void cancel(LogicalCall* call);

  // The callee is done with `request` (outcome set): the answer travels back.
  // Of an attempt's answers, its caller takes the first; a later one (of a
  // duplicated message) arrives unheard.
  void answer(Request* request, const Endpoint& from);
  // `request` will never be answered (its message or its server is gone). The
  // caller is not told: it finds out the way it would in reality, by a timeout
  // or its deadline; or, when its callee's host vanished (a blackhole crash),
  // by its connection being reset when the host is back or its transport
  // giving up (network.transport_timeout), whichever is first: the attempt
  // then fails "unavailable". `reset_at` overrides when that is.
  void lose(Request* request, std::optional<double> reset_at = std::nullopt);
  // `request` was answered by a copy (reset_copy): dropped without counting
  // it lost (if that copy was lost on its way, the attempt is lost as usual).
  void discard(Request* request);
  // Answers a copy of `request` at once with "unavailable" (its server's
  // process died: the connection is reset); the request itself goes on to its
  // next step, where its server discards it.
  void reset_copy(Request* request, const Endpoint& from);

  std::vector<EdgeRuntime>& edges() { return edges_; }
  // The connections of the edges that hold them (EdgeRuntime::pooled).
  ConnectionPools& pools() { return pools_; }
  const Network& network() const { return network_; }
  // Autoscaled services with fewer instances in service than they want now:
  // clients count what ends meanwhile (the availability lost while scaling).
  int services_under_capacity = 0;

  // What a stage does with its frame (stage.hpp).
  // Goes on inward: the next stage, or the attempt after the last.
  void invoke_below(Frame* f) { invoke(f->call, f, static_cast<std::uint8_t>(f->depth + 1)); }
  // Reports outward how the call ended at this stage.
  void complete(Frame* f, patterns::CallResult result);
  // Refuses the call: counted against the stage's pattern, a reaction, and completed as rejected.
  void reject(Frame* f);
  // A pattern of f's edge reacted (for the faults' detect_s).
  void react(const Frame* f) { reactions_.react(sim::now(), f->call->edge); }
  Recorder& recorder(const Frame* f) { return edges_[f->call->edge].recorder; }
  // Calls another service over `edge` for f's call (a fallback's alternative);
  // its end reaches f's stage as child_done.
  void call_instead(Frame* f, std::uint32_t edge);

 private:
  friend class ConnectionPools;
  // Whose view of the edge's balancer a call's attempts count in: its caller
  // instance's, when each has its own.
  static int view_of(const EdgeRuntime& e, const LogicalCall* c) {
    return e.balancer.views() == 1 ? 0 : std::max(0, static_cast<int>(c->reply_to->instance));
  }
  void invoke(LogicalCall* call, Frame* parent, std::uint8_t depth);
  void child_done(Frame* f, patterns::CallResult result);
  void release(Frame* f);
  // A copy of an attempt's message is done with (its first lives in the attempt).
  void release(Request* r) {
    if (r != &r->attempt->first) requests_.release(r);
  }
  void finish(LogicalCall* call, patterns::CallResult result);

  // The attempt on the wire.
  void send_attempt(Frame* f);
  // Its message leaves, on the stream its pool gave it if its edge holds connections.
  void transmit(Attempt* attempt);
  // Ends an attempt never sent (its pool's line was full, or its pool could
  // not connect) as `outcome`, as a client's connection pool does.
  void fail_unsent(Attempt* attempt, patterns::Outcome outcome);
  // Sends an answer back to its caller, behind any stall of its connection.
  void send_answer(const Endpoint& from, Request* request, std::uint64_t bytes, Stall* stall);
  // Runs `then` once the stall (if any: its attempt may have let its stream
  // go) no longer holds a message sent at `sent` (TCP hands over nothing sent
  // after a lost packet before its retransmission).
  template <class F>
  void after_stall(const Stall* stall, double sent, F then) {
    const double until = stall == nullptr ? 0 : stall->until(sent);
    if (until <= sim::now()) return then();
    scheduler().at(until, [this, stall, sent, then = std::move(then)]() mutable { after_stall(stall, sent, std::move(then)); });
  }
  [[gnu::noinline, gnu::cold]] void refuse_attempt(Frame* f);
  void deliver(Request* request);
  // Ends the lost attempts of `call` nobody waits for any more (all of them
  // when `all`), as timed out: their frames and the call can then be recycled.
  void give_up_lost(LogicalCall* call, bool all);
  void end_lost(Attempt* attempt);
  void reset_lost(Attempt* attempt);
  // Cancels the pending attempts of `call` nobody waits for any more (all of
  // them when `all`): each is given up as timed out, and its cancellation
  // travels to the callee, which drops what it has not started.
  void cancel_pending(LogicalCall* call, bool all);
  // The attempt's cancellation reached the callee, or was lost on its way.
  void cancel_lands(Attempt* attempt, bool arrived);
  // Out of its call's pending list, if it is there.
  static void unpend(LogicalCall* call, Attempt* attempt);
  // One copy of an attempt's message is gone: the attempt is lost with its last.
  void drop(Request* request, std::optional<double> reset_at);

  Network& network_;
  ReactionLog& reactions_;
  Pool<LogicalCall> calls_;
  Pool<Frame> frames_;
  Pool<Attempt> attempts_;
  Pool<Request> requests_;
  std::vector<EdgeRuntime> edges_;
  ConnectionPools pools_{*this, network_};
};

}  // namespace chaossim::sim
