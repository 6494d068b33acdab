#pragma once
// ServiceSimulator: one simulated service, its instances (SimGrid hosts), each
// with `workers` concurrent slots and a bounded queue (FIFO, LIFO or adaptive
// LIFO). Serving a request takes a service time (on a core of its own, or on
// the instance's `cores` shared), then calls the service's dependencies in
// order while the worker stays held (unless async), so a slow dependency
// slows and fills its callers: cascades emerge from the model, none is scripted.
#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "patterns/cache.hpp"
#include "patterns/factory.hpp"
#include "patterns/server_admission.hpp"
#include "scenarios/scenario.hpp"
#include "sim/autoscaler.hpp"
#include "sim/call_path.hpp"
#include "sim/fault_effects.hpp"
#include "sim/fault_plan.hpp"
#include "sim/host_clock.hpp"
#include "sim/processor_sharing.hpp"
#include "sim/queue_broker.hpp"
#include "sim/recorder.hpp"
#include "sim/service_time.hpp"

namespace chaossim::sim {

class ServiceSimulator final : public Caller {
 public:
  ServiceSimulator(const scenarios::Scenario& scenario, int index, const ServiceEffects& effects, std::vector<Endpoint> instances,
                   std::size_t first_call_edge, const BucketGrid& grid, std::uint64_t seed, patterns::PatternFactory& factory,
                   CallPath& calls);
  ~ServiceSimulator();
  ServiceSimulator(const ServiceSimulator&) = delete;
  ServiceSimulator& operator=(const ServiceSimulator&) = delete;

  const Endpoint& endpoint(std::uint32_t instance) const { return instances_[instance].endpoint; }
  // A request is on its way to `instance`: what its arrival touches starts coming into the cache.
  void expect(std::uint32_t instance) const {
    for (int line = 0; line < 3; ++line) __builtin_prefetch(reinterpret_cast<const char*>(this) + 64 * line);
    for (int line = 0; line < 3; ++line) __builtin_prefetch(reinterpret_cast<const char*>(&instances_[instance]) + 64 * line);
    recorder_.prefetch();
  }
  // Its hosts: with autoscaling, those it may run instances on.
  int instances() const { return static_cast<int>(instances_.size()); }
  // With autoscaling, which of its hosts are in service now (1), as its
  // callers' balancers see it; null when all of them always are.
  const std::vector<char>* listed() const;
  // When each instance last came back into service, for its callers' slow start.
  Balancer::UpSince up_since() const;
  // The probability that a request to `endpoint` served now by `instance`
  // fails: the endpoint's own error rate and the error faults playing there
  // now, as independent causes.
  double error_rate(double now, std::uint32_t instance, std::uint16_t endpoint = 0) const;
  // The probability that a request its server errors spared fails with a client error.
  double client_error_rate(double now, std::uint32_t instance, std::uint16_t endpoint) const;
  // A request reaches the instance its attempt was sent to.
  void arrive(Request* request);
  // A health probe its workers answer (a shared health endpoint) reached
  // `instance`: it waits for a worker in the order requests take them, and
  // takes it for no time. `served(true)` when a worker answers it,
  // `served(false)` when its host goes off first, or when it has waited
  // past `given_up_at`, its prober's timeout, and another probe comes.
  void take_probe(std::uint32_t instance, double given_up_at, std::function<void(bool)> served);
  // A call made while serving `call->parent` ended.
  void on_call_done(LogicalCall* call) override;
  // The caller of `attempt` gave up on it and said so: what this service has
  // not started of it is dropped now or when it comes up, what it serves is
  // stopped at its next step (at once if it waits on calls, which are cancelled).
  void cancel(Attempt* attempt);
  // Its host went off (a blackhole crash): the requests it held are lost, and
  // it comes back empty. Requests reaching it while it is down are lost too.
  void crash(std::uint32_t instance);
  // When a connection to `instance`, whose host is off now, is reset: when
  // the host is back or the transport gives up, whichever is first; nullopt
  // while the host is up.
  std::optional<double> connection_reset_at(std::uint32_t instance, double now) const;
  // Its process is down (a refusing crash) now: calls are refused at once.
  bool refusing(std::uint32_t instance, double now) const { return !outages_.empty() && refusing_now(instance, now); }
  // Whether a black hole at `endpoint` of `instance` swallows its requests (or, `answer`, its answers) now.
  bool swallows(std::uint32_t instance, std::uint16_t endpoint, bool answer, double now) const {
    return !blackholes_.empty() && swallows_now(instance, endpoint, answer, now);
  }
  // When its process resumes, if paused now (a pause fault); `now` otherwise.
  double resumes_at(std::uint32_t instance, double now) const { return paused_.empty() ? now : resume_time(instance, now); }
  // What a connection's handshake reaching `instance` now meets: its host's
  // kernel (heard), a reset (no process listens), or nothing (no host).
  enum class Handshake { heard, refused, unheard };
  Handshake hears_handshake(std::uint32_t instance, double now) const;
  // A handshake's `cpu` seconds of work on `instance` (service_handshakes.cpp):
  // the connection pools hear when it is done, or lost in a crash.
  void handshake_work(std::uint32_t instance, Request* token, double cpu);
  // Its host is back on, or its process's outage is over.
  void restored(std::uint32_t instance);
  // The local cache (service_local_cache.cpp): whether the instance serving
  // `r` holds its key, fresh; `r` made its calls and succeeded; an instance's
  // life ended.
  void start_local_caches(const scenarios::LocalCache& config);
  bool cache_holds(const Request* r, double now);
  void cache_answer(const Request* r, double now);
  void forget_cache(std::uint32_t instance, double now);
  // Each crash of an instance is followed by its process starting (restart.startup), refusing meanwhile.
  void add_startups(double startup);
  // How many times slower than nominal its work goes now, warming up after a restart.
  double warming(std::uint32_t instance, double now) const;
  // Some instance of it could take work from `from` now: up, its process
  // running, and reachable (a queue's consumer polls only then).
  bool reachable_from(const Endpoint& from, double now) const;

  Recorder& recorder() { return recorder_; }
  // A queue's consumer, reached over `edge`.
  void add_consumer(std::uint32_t edge, const scenarios::Consumer& config) { broker_->add_consumer(edge, config); }
  // Its endpoints' own recorders, in order, when it has named endpoints (none otherwise).
  std::vector<Recorder*> endpoint_recorders();
  // Set when an unbounded queue reached unbounded_queue_ceiling: the load
  // exceeded what the service can serve, and the run is to be refused rather
  // than let it take the machine's memory (requests past it were refused).
  const std::optional<std::string>& overflow() const { return overflow_; }
  static constexpr std::size_t unbounded_queue_ceiling = 1'000'000;  // per service, all instances

 private:
  struct Instance {
    Endpoint endpoint;
    int busy = 0;
    std::deque<Request*> queue;
    std::vector<Request*> serving;  // in service (working, or waiting on its calls), if tracked
    std::uint32_t epoch = 0;  // lives so far: a request from an earlier life was lost in a crash
    int cancelled_waiting = 0;  // in the queue, cancelled (cancel_counted), not yet come up
    int paced = 0;  // admitted by a leaky bucket, waiting in it to reach the queue
    int pooled = 0;  // in its pools' queues (worker pools), cancelled ones included
    double nonempty_since = 0;  // when `queue` last stopped being empty
    int awaiting = 0;  // async: in service, waiting on their calls without a worker
    // Shared health probes waiting for a worker, in arrival order.
    struct WaitingProbe {
      double arrived, given_up_at;
      std::function<void(bool)> served;
    };
    std::deque<WaitingProbe> probes;
    int waiting() const { return static_cast<int>(queue.size()) + pooled - cancelled_waiting; }
    int held() const { return busy + awaiting + waiting() + paced; }
  };

  // What its autoscaler reads of its instances (ScaledInstances).
  class ScaledView;
  int busy(std::uint32_t instance) const { return instances_[instance].busy; }
  int waiting(std::uint32_t instance) const { return instances_[instance].waiting(); }
  bool down(std::uint32_t instance, double now) const;
  // An instance's busy workers or waiting requests change by `delta` (call before its counts change).
  [[gnu::always_inline]] void busy_changes(Instance& inst, double now, int delta) {
    if (autoscaler_) autoscaler_->busy_changes(static_cast<std::uint32_t>(&inst - instances_.data()), now, delta);
    recorder_.change(Level::busy, now, delta);
  }
  [[gnu::always_inline]] void queued_changes(Instance& inst, double now, int delta) {
    if (autoscaler_) autoscaler_->waiting_changes(static_cast<std::uint32_t>(&inst - instances_.data()), now, delta);
    recorder_.change(Level::queued, now, delta);
  }

  // A request admitted: a free worker takes it, or it waits in the queue, or the queue is full.
  void enter(Instance& instance, Request* request, double now);
  void start(Instance& instance, Request* request, double now);
  // A worker is free, and (async) a place in flight.
  bool can_start(const Instance& instance) const {
    return instance.busy < config_.workers && (!config_.max_in_flight || instance.busy + instance.awaiting < *config_.max_in_flight);
  }
  // Async: a request about to wait on its calls gives its worker to the next.
  void release_worker(Instance& instance, Request* request, double now);
  // A worker is free: the queue's next request it should serve takes it.
  void start_next(Instance& instance, double now);
  // A worker is free: the probes that come before the request it would take are answered.
  void answer_probes(Instance& instance, bool newest);
  // Whether a freed worker takes the newest waiting request (LIFO) rather than the oldest.
  bool takes_newest(const Instance& instance, double now) const {
    using scenarios::QueueDiscipline;
    return config_.discipline == QueueDiscipline::lifo ||
           (config_.discipline == QueueDiscipline::adaptive_lifo && now - instance.nonempty_since > standing_after_s_);
  }
  // A request out of service (done or stopped): its worker goes to the next.
  void leave_service(Instance& instance, Request* request, double now);
  // Whether nobody wants `request` served any more: its caller cancelled it
  // (and said so), or the deadline it carries has passed; and why.
  std::optional<Counter> unwanted(const Request* request, double now) const {
    if (request->cancellable && request->attempt->cancel_arrived) return Counter::cancelled;
    if (request->has_deadline && now >= request->attempt->deadline) return Counter::expired;
    return std::nullopt;
  }
  // Drops a request in service without an answer, counted `why`: its work so far was for nobody.
  void stop(Request* request, Counter why);
  // Stops `request` if it is unwanted; says whether it did.
  bool stopped_early(Request* request) { return (request->cancellable || request->has_deadline) && stop_if_unwanted(request); }
  bool stop_if_unwanted(Request* request);
  // Its caller had given up on it when it was done: its worker's time was wasted.
  void count_wasted(const Request* request, double now);
  // A call with a propagated deadline reached it unanswered: its request's deadline passed too.
  void expire_call(LogicalCall* call);
  // A request it cannot parse (a corrupt fault): failed at once, as a 400, with no work.
  void refuse_corrupt(Instance& inst, Request* request, double now);
  // Its process died (a refusing crash): the requests it held are reset.
  void process_crash(std::uint32_t instance);
  // Ends an instance's life: the levels and queue of the requests it held
  // (counted lost when they vanish with their host).
  std::deque<Request*> end_life(Instance& instance, double now, bool lost);
  void proceed(Request* request);  // after the local work, and after each call step
  void cores_done(Request* request);  // on shared cores: a request's work, or a handshake's
  // Of a one_of whose first alternative is `first`: the index of the call a request takes.
  std::uint32_t choose_alternative(const scenarios::Call& first);
  // A call made while serving `request`, among its open calls, with the deadline it propagates.
  LogicalCall* open_call(Request* request, std::uint32_t edge);
  void unlink_call(Request* request, LogicalCall* call);
  // The calls of the request's step: the next of a sequence, or all at once.
  void make_calls(Request* request, const scenarios::Call& call);
  // After a call of the step ended: the step goes on, is over, or failed the request.
  void settle_step(Request* request, bool last_ok);
  // Its parallel calls still open are cancelled: nobody waits for them any more.
  void abandon_open_calls(Request* request);
  // A dependency's failure fails the request as a server error: the client did nothing wrong.
  void complete(Request* request, patterns::Outcome outcome, bool client_error = false);
  // A request of an instance's earlier life: lost, nobody answers it.
  bool lost_in_crash(Request* request) {
    if (request->epoch == instances_[request->attempt->instance].epoch) return false;
    lose_from_crash(request);
    return true;
  }
  void lose_from_crash(Request* request);
  bool refusing_now(std::uint32_t instance, double now) const;
  bool swallows_now(std::uint32_t instance, std::uint16_t endpoint, bool answer, double now) const;

  // Pauses (service_pauses.cpp): a paused process does nothing; what it would
  // do waits for it to resume.
  void add_pauses(const std::vector<Pause>& pauses);
  double resume_time(std::uint32_t instance, double now) const;
  // A garbage collector pauses each instance every interval, for longer the more it holds.
  void start_collector(const scenarios::GarbageCollection& gc);
  void collect(std::uint32_t instance);
  // `instance` stops from now to `until`, as well as when its faults pause it.
  void pause_now(std::uint32_t instance, double now, double until);
  // Speeds (service_pauses.cpp): what degradations make of each instance's host speed.
  void add_speeds(const ServiceEffects& effects);
  // When `work` seconds of the instance's nominal process time from `now`
  // are done: at each moment's host speed, its pauses skipped.
  double finish_time(std::uint32_t instance, double now, double work) const;
  // Its inverse: the nominal work the instance does from t0 to t1.
  double work_done(std::uint32_t instance, double t0, double t1) const;
  // Runs `task` when the instance resumes, if it is paused now; says whether it waits.
  template <class F>
  bool wait_for_resume(std::uint32_t instance, F&& task) {
    if (paused_.empty()) return false;
    const double now = sim::now(), back = resume_time(instance, now);
    if (back <= now) return false;
    scheduler().at(back, std::forward<F>(task));
    return true;
  }

  bool queue_overflows(const Instance& inst, double now);

  // Worker pools (service_pools.cpp): an instance's pools' state and queues.
  struct PooledInstance {
    std::unique_ptr<patterns::WorkerPools> pools;  // the factory's: the reference's or a student's
    std::vector<std::array<int, 2>> held;          // per pool: its reserved and borrowed workers in use
    std::vector<std::deque<Request*>> queues;      // per pool, in arrival order
    std::vector<int> cancelled;                 // per pool: in its queue, cancelled, not yet come up
    std::vector<Event*> timers;                 // per pool: when its oldest waiting request has waited max_wait
  };
  int pool_of(const Request* r) const { return config_.pool_of_endpoint[r->endpoint]; }
  enum PoolLevel { pool_busy, pool_borrowed, pool_queued };  // a pool's levels, pool_levels_' order
  // A request admitted to a service with pools: a worker of its pool's, its pool's queue, or refused.
  void enter_pool(Instance& inst, Request* request, double now);
  // A worker of a pool is free: the oldest waiting request that may take a worker now does.
  void start_next_pooled(Instance& inst, double now);
  // The pool's timer for its oldest waiting request, set anew.
  void arm_pool_timer(std::uint32_t instance, int pool);
  void pool_wait_over(std::uint32_t instance, int pool);
  // Takes the head of a pool's queue out: the request, or nullptr for one
  // cancelled meanwhile (added to `dropped`, to be let go).
  Request* pop_pool_head(Instance& inst, int pool, double now, std::vector<Request*>& dropped);
  // Keeps the pools' levels (summed over instances) in step.
  void pool_level(int pool, PoolLevel which, double now, int delta);
  // A request of `pool` took, or gave back (`delta` -1), a worker of kind `slot`: levels and counts.
  void pool_worker(PooledInstance& pi, int pool, patterns::PoolSlot slot, double now, int delta);
  // What a crash takes: the pools' queued requests (appended to `queued`) and their workers.
  void end_pools(std::uint32_t instance, double now, std::deque<Request*>& queued);

  // Load shedding (service_admission.cpp). The service's admission, then its
  // endpoint's (`level` 0 and 1), judge an arriving request from `level` on:
  // it goes on, waits in a leaky bucket first, or is shed.
  void admit(Instance& inst, Request* request, double now, int level);
  // A request comes out of a leaky bucket: the next level judges it.
  void leave_bucket(Request* request, int next_level);
  patterns::ServerAdmission* admission(std::uint32_t instance, std::uint16_t endpoint, int level);
  // Turns a request away as overloaded, counted by its cause; shed() answers it at once too.
  void mark_shed(Request* request, const patterns::AdmissionDecision& decision, double now);
  void shed(Instance& inst, Request* request, const patterns::AdmissionDecision& decision, double now);
  // A request leaves the queue for a worker after waiting `queue_wait`: CoDel
  // may shed it instead (marked, for its caller to answer).
  bool shed_on_start(Instance& inst, Request* request, double now, double queue_wait);

  // What one endpoint's requests take: its work, its errors and calls, and
  // (named endpoints) its own figures beside the service's.
  struct EndpointRuntime {
    const scenarios::ServiceEndpoint* config;
    ServiceTime service_time;
    bool fixed_service_time;
    std::unique_ptr<Recorder> recorder;
    std::vector<patterns::ServerAdmission> admissions;  // one per instance, if it sheds
  };
  // Counts on the service's recorder and on the request's endpoint's, if it has one.
  void count(const Request* request, Counter counter, double now) {
    recorder_.count(counter, now);
    if (Recorder* e = endpoints_[request->endpoint].recorder.get()) e->count(counter, now);
  }

  // What every request reads first, in the object's first lines (expect() fetches them).
  const scenarios::Service& config_;
  std::vector<Instance> instances_;
  std::vector<EndpointRuntime> endpoints_;
  CallPath& calls_;
  std::unique_ptr<QueueBroker> broker_;  // a queue's: it does no work of its own
  std::unique_ptr<Autoscaler> autoscaler_;
  std::vector<Outage> outages_;
  std::vector<double> restored_at_;  // per instance, when its last crash ended (-infinity: none yet)
  bool warms_up_ = false;            // it serves slower for a while after each restart
  std::vector<patterns::ReferenceCache> local_caches_;  // per instance, with a local cache
  std::size_t cache_entries_level_ = 0;
  std::size_t cache_entries_ = 0;  // over every instance
  std::vector<Blackhole> blackholes_;
  HostClock clock_;  // what its hosts' clocks read: its admission's limits see it
  std::vector<std::vector<std::pair<double, double>>> paused_;  // per instance, merged and in order; empty without pauses
  std::vector<std::shared_ptr<const Timeline>> speeds_;  // per instance; empty while no fault slows it
  std::vector<std::unique_ptr<ProcessorSharing>> cores_;  // per instance, with `cores`; empty: a core per worker
  std::vector<Window> error_faults_;  // probabilities
  std::vector<Window> client_error_faults_;
  std::size_t first_call_edge_;
  double transport_timeout_s_;
  // Adaptive LIFO: a queue not empty for this long is standing (Fail at
  // Scale's CoDel interval), and served newest first.
  double standing_after_s_;
  // Only a refusing crash needs the requests in service (it answers them):
  // without one the per-request path keeps no list.
  bool tracks_serving_ = false;
  // Read on every request: here, in the lines expect() fetches, not with the state they guard.
  bool admits_ = false;          // it, or an endpoint of it, sheds as requests arrive
  bool sheds_on_start_ = false;  // ... or as they leave the queue (CoDel)
  bool pools_ = false;           // its workers are split into pools (pooled_)
  bool async_ = false;           // its requests wait on their calls without a worker
  Rng rng_;
  // Which calls a request makes (call probabilities): a stream apart, so that
  // a variant changing a probability keeps the service times of the other.
  Rng branch_rng_;
  Recorder recorder_;
  std::optional<std::string> overflow_;
  std::unique_ptr<ScaledView> scaled_view_;
  std::vector<patterns::ServerAdmission> admissions_;  // the service's, one per instance, if it sheds
  std::vector<PooledInstance> pooled_;  // per instance, with worker pools
  // Per pool: its busy, borrowed and waiting levels (named), and their values summed over instances.
  std::vector<std::array<std::size_t, 3>> pool_levels_;
  std::vector<std::array<int, 3>> pool_totals_;
};

}  // namespace chaossim::sim
