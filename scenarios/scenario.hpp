#pragma once
// The scenario model: plain data that sim/ consumes. Defaults live here, in one
// place; the loader (loader.hpp) is the only code that fills these from JSON.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/admission_config.hpp"
#include "patterns/pipeline_config.hpp"
#include "patterns/worker_pools_config.hpp"
#include "scenarios/autoscaling.hpp"
#include "scenarios/distribution.hpp"
#include "scenarios/fault.hpp"
#include "scenarios/rate_profile.hpp"

namespace chaossim::scenarios {

enum class NetworkModel { constant, cm02, lv08 };

// What happens to a message packet loss drops: TCP sends it again after a
// retransmission timeout, or (`silent`, a datagram) it is gone.
enum class LossRecovery { retransmit, silent };

struct Network {
  NetworkModel model = NetworkModel::constant;
  double latency_s = 0.0;        // one hop, caller to callee or back
  // `latency` written as a distribution: each message draws its hop's latency
  // afresh (latency_s is then 0). Inside a data centre the round trip's
  // median is a fraction of a millisecond and its p99 several.
  std::optional<Distribution> hop_latency;
  double bandwidth_bps = 10e9;   // bytes per second per host link (bandwidth-sharing models only)
  // A request's and an answer's size, unless its call says otherwise
  // (bandwidth-sharing models only: the constant model moves no bytes).
  std::uint64_t message_bytes = 1024;
  // How long a connection waits for an answer from a host that vanished (a
  // blackhole crash) before it gives up: Linux's default, 15 retransmissions
  // (tcp_retries2) with exponential backoff, about 924.6 s.
  static constexpr double default_transport_timeout_s = 924.6;
  double transport_timeout_s = default_transport_timeout_s;
  // Linux's TCP: the first retransmission after the smoothed round trip plus
  // TCP_RTO_MIN (200 ms; RFC 6298 asks for 1 s, Linux uses 200 ms), each next
  // one after twice as long (at most TCP_RTO_MAX, 120 s), and the connection
  // given up after tcp_retries2 (15) retransmissions.
  LossRecovery loss = LossRecovery::retransmit;
  double min_rto_s = 0.2;
  int retransmissions = 15;
  static constexpr double max_rto_s = 120;
};

// How a caller picks an instance: in turn, at random, the one with the
// fewest of its requests outstanding (join the shortest queue, as the caller
// sees it), or the fewer of two drawn at random (the power of two choices:
// Envoy's least_request, Finagle's P2C).
enum class Balancer { round_robin, random, least_outstanding, p2c };

// Whose outstanding requests a balancer sees: each caller instance its own
// (a client-side balancer in every process, as Envoy's per worker), or every
// caller's at once (an oracle no real system has; one front balancer).
enum class BalancerView { caller_instance, shared };

// An instance back in service (after a crash, scaled in, healthy or no longer
// ejected) takes a growing share of its callers' traffic over `window`:
// weight x max(min_weight, (age / window)^(1 / aggression)), Envoy's slow start.
struct SlowStart {
  double window_s = 0;
  double aggression = 1;
  double min_weight = 0.1;
};

// How a caller holds its connections to a callee (a call's or a client's
// `connections`): a pool per caller instance and callee instance, as Envoy
// and HTTP clients keep one per upstream host. HTTP/1.1 carries one request
// at a time on a connection, so the pool is a bulkhead of `size`; HTTP/2
// multiplexes `max_streams` on each, so a lost packet stalls them all until
// it is retransmitted (TCP's head-of-line blocking). Opening one takes
// `handshake_rtts` round trips and `handshake_cpu` of the callee's CPU, and
// fails after `connect_timeout`.
enum class HttpProtocol { http1, http2 };
struct Connections {
  HttpProtocol protocol = HttpProtocol::http1;
  int size = 5;             // per pool: Apache HttpClient 5's connections per route; HTTP/2: 1, as gRPC
  int max_streams = 100;    // HTTP/2: RFC 9113's advised minimum for SETTINGS_MAX_CONCURRENT_STREAMS
  // Attempts waiting for a busy pool, beyond those the connections opening
  // (or that may still open) will take, as Envoy's max_pending_requests.
  int max_pending = 1024;
  double connect_timeout_s = 5;  // Envoy's cluster default
  int handshake_rtts = 2;   // TCP's, then TLS 1.3's
  double handshake_cpu_s = 0.001;  // one RSA-2048 signature (openssl speed: about 1,000 a second per core)
  // Requests a connection carries at once.
  int streams() const { return protocol == HttpProtocol::http2 ? max_streams : 1; }
};

struct Call {
  std::string service;
  std::optional<std::string> endpoint;  // of the service, which then has endpoints
  std::optional<std::string> pipeline;
  bool optional = false;
  double probability = 1;  // made for this fraction of requests (drawn once per request)
  int repeat = 1;          // made this many times, one after another or, when parallel, all at once
  bool parallel = false;
  // Parallel: the successes the caller waits for (a quorum read); the rest
  // are abandoned once it has them, or once it can no longer get them.
  int quorum = 1;
  // One of alternatives (one_of): calls [branch_first, branch_first +
  // branch_size) of the service are one step, of which each request makes
  // one, chosen by weight. A plain call is a branch of its own.
  std::size_t branch_first = 0;
  std::size_t branch_size = 1;
  double weight = 1;
  // Its requests carry the time its caller gives up on them (its deadline,
  // and its timeouts), which the callee's own calls pass on (gRPC's deadline
  // propagation); a callee drops work past it.
  bool propagate_deadline = false;
  // When its caller gives up on an attempt (a timeout, a deadline, a hedge
  // that won, a quorum reached), it cancels it at the callee, which drops it
  // if it has not started and stops it at its next step if it has.
  bool cancel_on_timeout = false;
  // Its requests' and answers' sizes (none: network.message_bytes).
  std::optional<std::uint64_t> request_bytes, response_bytes;
  // Its connection pools (none: every attempt is a message of its own, as on
  // connections that never fail nor run out).
  std::optional<Connections> connections;
  // Where the file writes it, for messages: endpoints[written_endpoint] if
  // >= 0, then calls[written_at], then one_of[alternative] if >= 0.
  int written_endpoint = -1;
  std::size_t written_at = 0;
  int alternative = -1;
};

// One operation of a service (`GET /status`, `POST /checkout`): its own work,
// errors and calls, served by the service's instances, workers and queue,
// which its other endpoints share.
struct ServiceEndpoint {
  std::string name;  // empty for a service written without endpoints: its only one
  Distribution service_time;
  double errors = 0.0;         // probability it fails a request it serves, class server
  double client_errors = 0.0;  // the same with class client, drawn for requests its server errors spared
  // Its calls: the service's calls [first_call, end_call).
  std::size_t first_call = 0;
  std::size_t end_call = 0;
  // What each instance sheds of its requests, after the service's own admission.
  std::optional<patterns::AdmissionConfig> admission;
  // The class of every request to it, whoever calls; none: its caller's request's, or its client's.
  std::optional<patterns::Priority> priority;
};

// A service that pulls messages from a queue, `concurrency` at a time.
struct Consumer {
  std::string service;
  std::optional<std::string> endpoint;
  int concurrency = 1;
  // While it cannot reach the queue (down, or cut off), how often it tries again.
  double poll_interval_s = 1;
};

// A broker (a service of kind "queue"): a producer's call to it ends when
// it accepts the message (or refuses it, full); its consumers pull messages
// at their own pace. A message a consumer has not acknowledged (its call
// failed, or did not end) within `visibility_timeout` of receiving it is
// delivered again; after `max_deliveries` it goes to the dead-letter queue.
struct QueueConfig {
  int capacity = 0;
  double visibility_timeout_s = 30;
  int max_deliveries = 3;
  std::vector<Consumer> consumers;
};

// Which waiting request a freed worker takes: the oldest (FIFO, what most
// servers do), the newest (LIFO), or the oldest unless the queue has not been
// empty for an interval, then the newest (Facebook's adaptive LIFO, "Fail at
// Scale", 2015): under a standing queue FIFO serves callers who already gave up.
enum class QueueDiscipline { fifo, lifo, adaptive_lifo };

// What a request holds while it waits on its calls: its worker, a thread
// blocked on the call (`threads`, servlet containers), or nothing but its
// place in flight (`async`: an event loop's callbacks, as Netty, Node and
// Go's goroutines on few threads).
enum class Concurrency { threads, async };

// Load-dependent service: the Universal Scalability Law (Gunther). With n
// requests doing their work on an instance at once, each goes
// 1 + contention (n - 1) + coherency n (n - 1) times slower: serialised
// sections (locks, a shared pool) and crosstalk (cache lines, coordination)
// grow with concurrency, so throughput n / (S (1 + ...)) peaks at
// n* = sqrt((1 - contention) / coherency) and falls past it.
struct Scalability {
  double contention = 0;  // alpha, in [0, 1)
  double coherency = 0;   // beta, >= 0
};

// A garbage collector's stop-the-world pauses: after each `interval` of
// running, an instance stops for `pause` plus `pause_per_request` for each
// request it holds (a copying collector's work grows with what is live:
// every queued request holds its buffers), so a queue that builds lengthens
// the pauses that build it: the server side of a metastable failure.
struct GarbageCollection {
  double interval_s = 0;
  double pause_s = 0;
  double pause_per_request_s = 0;
};

// How an instance comes back after a crash: its process starts for
// `startup` (refusing connections, failing probes), then works
// `warmup_slowdown` times slower, easing linearly to full speed over
// `warmup` (a JIT compiling the hot paths, pools and local caches filling).
struct Restart {
  double startup_s = 0;
  double warmup_s = 0;
  double warmup_slowdown = 1;
};

// An in-process cache of a service's answers by request key (Caffeine,
// Guava): per instance, `capacity` keys, the least recently used forgotten
// first, each good for `ttl`. A request whose key it holds skips its calls;
// one that made them and succeeded stores its key. Empty after a restart.
struct LocalCache {
  int capacity = 10000;
  double ttl_s = std::numeric_limits<double>::infinity();
};

struct Service {
  std::string name;
  std::optional<QueueConfig> broker;  // a queue, not a service doing work
  int instances = 1;
  int workers = 1;
  // Each instance's CPU, shared by the requests doing their work on it at
  // once: each of n goes at min(1, cores / n) of the host's speed (processor
  // sharing). None: every worker has a core of its own, as the queueing
  // models M/M/c and M/G/c assume.
  std::optional<double> cores;
  std::optional<Scalability> scalability;  // none: service times do not depend on load
  std::optional<GarbageCollection> gc;     // none: no pauses but the faults'
  std::optional<Restart> restart;          // none: back at once, at full speed
  std::optional<LocalCache> local_cache;   // none: every request makes its calls
  Concurrency concurrency = Concurrency::threads;
  // Async: the requests an instance holds at once, working or waiting on
  // their calls (none: no bound but the queue's); more wait in the queue.
  std::optional<int> max_in_flight;
  std::optional<int> queue;  // per instance; nullopt = unbounded
  QueueDiscipline discipline = QueueDiscipline::fifo;
  Balancer balancer = Balancer::round_robin;
  BalancerView balancer_view = BalancerView::caller_instance;
  // Instance i's share of its callers' traffic relative to the others':
  // weights[i % size] (none: all alike). Round robin goes in proportion
  // (smooth weighted round robin), random draws in proportion, the least
  // loaded compare outstanding + 1 over weight.
  std::vector<double> weights;
  std::optional<SlowStart> slow_start;
  // Its instance count follows its load; `instances` is then the count it starts with.
  std::optional<Autoscaling> autoscaling;
  // The zones its instances are spread over, instance i in zones[i % size]; none: in no zone.
  std::vector<std::string> zones;
  // Its callers send to its instances in their own zone while one is in service there.
  bool prefer_same_zone = false;
  // What each instance sheds before doing work (answered `overloaded`).
  std::optional<patterns::AdmissionConfig> admission;
  // Its workers split into pools by endpoint (each instance's): `workers` is
  // then every pool's reserved ones and the flex ones, and each pool has its
  // own queue instead of the service's.
  std::optional<patterns::WorkerPoolsConfig> worker_pools;
  std::vector<int> pool_of_endpoint;  // with worker_pools: each endpoint's pool
  // At least one (a queue has one, of no work); a service written without "endpoints" has one, unnamed,
  // with the service's service_time, errors and calls.
  std::vector<ServiceEndpoint> endpoints;
  std::vector<Call> calls;  // every endpoint's, in endpoint order
  // What its utilization is of: its workers, or a queue's consumer slots.
  // (An autoscaled service's count varies: reports/utilization.hpp.)
  double worker_slots() const {
    if (!broker) return static_cast<double>(workers) * instances;
    double slots = 0;
    for (const auto& c : broker->consumers) slots += c.concurrency;
    return slots;
  }
  bool has_named_endpoints() const { return !endpoints.empty() && !endpoints.front().name.empty(); }
  // Its instances shed load: by its own admission, or by an endpoint's.
  bool sheds() const {
    if (admission) return true;
    for (const auto& e : endpoints)
      if (e.admission) return true;
    return false;
  }
  // The endpoint a call or client names: 0 without a name; -1 when it has none such.
  int endpoint_index(const std::optional<std::string>& name) const;
};

enum class ArrivalProcess { poisson, constant, closed };

// `requests` requests sent at the same instant.
struct Burst {
  double at_s = 0;
  int requests = 0;
};

struct Arrival {
  ArrivalProcess process = ArrivalProcess::poisson;
  double rate_per_s = 0;   // open loop, without a profile
  int users = 0;           // closed loop
  double think_s = 0;      // closed loop: mean of an exponential think time
  std::vector<RampPoint> ramp;  // open loop: rate interpolated linearly between points
  std::optional<RateProfile> profile;  // open loop: the rate from data instead of `rate` and `ramp`
  std::vector<Burst> bursts;           // open loop: requests sent all at once, beside the process
};

struct Keys {
  int count = 1;
  double zipf = 0.0;
};

struct Client {
  std::string name;
  std::string target;
  std::optional<std::string> endpoint;  // of the target, which then has endpoints
  std::optional<std::string> pipeline;
  std::optional<std::string> zone;  // where it sends from
  Arrival arrival;
  std::optional<double> deadline_s;
  std::optional<Keys> keys;
  bool propagate_deadline = false;  // as a call's (Call)
  bool cancel_on_timeout = false;
  std::optional<std::uint64_t> request_bytes, response_bytes;  // as a call's
  std::optional<Connections> connections;                      // as a call's
  // Its requests' class when a server sheds load, passed on to the calls made to serve them.
  patterns::Priority priority = patterns::Priority::critical;
};

struct Slo {
  std::string client;
  std::optional<double> availability;
  std::map<std::string, double> latency_s;  // "p95" -> seconds
  std::optional<double> recovery_s;
};

struct Scenario {
  std::string file;  // where it was loaded from, for messages
  std::string name;
  std::string description;
  std::string variant = "base";
  // Of the file's scenario without its variants, keys in sorted order: the
  // same for every variant of one file, different for an edited copy.
  std::string content_hash;
  std::uint64_t seed = 1;
  double duration_s = 0;
  double warmup_s = 0;
  int replications = 1;
  double bucket_s = 1.0;
  Network network;
  std::vector<Service> services;
  std::vector<Client> clients;
  std::map<std::string, patterns::PipelineConfig> pipelines;
  std::vector<Fault> faults;
  std::optional<Slo> slo;

  const Service* find_service(const std::string& name) const;
  int service_index(const std::string& name) const;  // -1 when absent
  // Every zone a service or client is in, in order of first mention; a zone's index in it, -1 when none.
  std::vector<std::string> zone_names() const;
  int zone_index(const std::string& zone) const;
  bool autoscales() const {
    for (const auto& s : services)
      if (s.autoscaling) return true;
    return false;
  }
  // Makes service_index a lookup instead of a scan (the loader calls it):
  // a topology of thousands of services would make every step that names a
  // service quadratic. A stale or missing index only costs the scan.
  void index_services();

 private:
  std::map<std::string, int, std::less<>> service_indices_;
};

// A scenario file: the base scenario and every variant, each fully resolved.
struct ScenarioSet {
  Scenario base;
  std::vector<Scenario> variants;  // in file order

  const Scenario* find(const std::string& variant) const;
  std::vector<std::string> variant_names() const;  // "base" first
};

}  // namespace chaossim::scenarios
