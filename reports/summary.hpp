#pragma once
// The figures of one variant, from its replications: per client, service and
// edge (after warmup), per time bucket, and its SLO checks. Everything the
// output formats show is computed here, once.
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "patterns/server_admission.hpp"
#include "scenarios/scenario.hpp"
#include "reports/recovery.hpp"
#include "reports/slo_check.hpp"
#include "sim/edges.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::reports {

// Refusals by the pattern that refused (patterns::PatternKind); only the
// patterns that can_refuse() ever count any.
struct RejectionCounts {
  std::array<std::uint64_t, patterns::pattern_count> by_kind{};

  std::uint64_t operator[](patterns::PatternKind kind) const { return by_kind[static_cast<std::size_t>(kind)]; }
  std::uint64_t total() const;
};

// The quantiles every latency summary has, in the order of its intervals.
inline constexpr std::array<double, 5> summary_quantiles{0.50, 0.90, 0.95, 0.99, 0.999};
const char* quantile_key(double q);  // "p50" .. "p999", as results.json names them

// Over replications, every figure is the mean of the replications' own
// (those that answered such a request): a replication's quantile is
// interpolated in its histogram (sim/histogram.hpp). One definition, for
// the run, each bucket of the series and each window of the steady state.
struct LatencySummary {
  double mean_ms = 0, p50_ms = 0, p90_ms = 0, p95_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
  // Each quantile's 95% confidence interval over replications
  // (summary_quantiles' order), never narrower than the histogram's bin
  // there; none with fewer than two replications that answered.
  std::array<std::optional<Interval>, summary_quantiles.size()> quantile_ci95{};

  double quantile_ms(double q) const;  // one of summary_quantiles
  std::optional<Interval> quantile_ci95_of(double q) const;
};
// Where no request of the kind was answered, there is no summary (null figures).
using MaybeLatency = std::optional<LatencySummary>;

// A client's requests that ended while some autoscaled service was under
// capacity (fewer instances in service than it wanted).
struct UnderCapacity {
  std::uint64_t requests = 0, failures = 0;
  std::optional<double> availability;  // of those requests
  double availability_lost = 0;        // their failures over all the client's requests
};

struct ClientSummary {
  std::string name;
  std::optional<UnderCapacity> under_capacity;  // when the scenario autoscales
  std::uint64_t sent = 0, requests = 0, successes = 0, failures = 0, degraded = 0;
  std::uint64_t errors = 0, unavailable = 0, timeouts = 0, rejected = 0;
  std::uint64_t overloaded = 0;  // answered overloaded: a service shed them
  RejectionCounts rejected_by;  // parts of rejected
  double availability = 0;
  std::optional<std::pair<double, double>> availability_ci95;
  double throughput_rps = 0;  // requests ended per second
  double goodput_rps = 0;     // successful requests per second
  double mean_in_flight = 0;
  LatencySummary latency;  // every answered request
  MaybeLatency success_latency, failure_latency;
  std::vector<double> availability_by_replication;
  // Null for a replication in which no request got an answer.
  std::vector<std::optional<double>> p50_ms_by_replication, p95_ms_by_replication, p99_ms_by_replication;
  std::vector<std::optional<double>> success_p50_ms_by_replication, success_p95_ms_by_replication,
      success_p99_ms_by_replication;
  std::vector<double> degraded_fraction_by_replication;  // degraded / requests
};

// The requests a service, or an endpoint, shed (answered overloaded), by cause
// (patterns::ShedCause), summed over replications.
struct ShedSummary {
  std::uint64_t total = 0;
  std::array<std::uint64_t, patterns::shed_cause_count> by_cause{};
  double fraction = 0;  // of the requests that arrived
};

// One named endpoint of a service: what its requests did (the workers,
// queue and their levels are the service's, shared by its endpoints).
struct EndpointSummary {
  std::string name;
  std::uint64_t requests = 0, successes = 0, failures = 0, rejected = 0, degraded = 0;
  std::uint64_t expired = 0, cancelled = 0, wasted = 0;
  std::uint64_t borrowed = 0, pool_timeouts = 0;  // with worker pools
  std::optional<ShedSummary> shed;  // when it, or its service, sheds
  double throughput_rps = 0;  // requests served per second
  LatencySummary latency;
  MaybeLatency success_latency, failure_latency;
};

// An autoscaled service's scaling, after warmup.
struct ScalingSummary {
  double mean_instances = 0;   // in service, averaged over time and replications
  double mean_desired = 0;     // the count the autoscaler wanted
  std::uint64_t scale_outs = 0, scale_ins = 0, replacements = 0;  // summed over replications
  // From a scale-out decision until the instances in service reached what it
  // asked for, on average; nullopt without any scale-out.
  std::optional<double> time_to_scale_s;
  double under_capacity_s = 0;  // fewer instances in service than wanted, per replication
};

// One worker pool of a service (worker_pools): its config, the means of its
// levels summed over instances, and its endpoints' counts.
struct PoolSummary {
  std::string name;
  std::vector<std::string> endpoints;
  int capacity = 0, reserved = 0, max_borrow = 0;  // per instance
  double mean_busy = 0, mean_borrowed = 0, mean_queue = 0;
  std::uint64_t requests = 0, borrowed = 0, rejected = 0, timed_out = 0;
};

struct ServiceSummary {
  std::string name;
  bool queue = false;
  std::optional<ScalingSummary> scaling;
  std::vector<EndpointSummary> endpoints;  // its named endpoints, in order (none without)
  std::vector<PoolSummary> pools;          // its worker pools, in order (none without)
  std::uint64_t redelivered = 0, dead_letters = 0;  // a queue's
  // Levels of its own (a queue's oldest_message_age_s, dead_letter_depth), time-averaged after warmup.
  std::vector<std::pair<std::string, double>> levels;
  std::uint64_t requests = 0, successes = 0, failures = 0, rejected = 0;
  std::optional<ShedSummary> shed;  // when it, or an endpoint of it, sheds
  std::uint64_t lost = 0;  // requests held by an instance when it crashed
  std::uint64_t degraded = 0;  // successes some fallback below answered part of
  std::uint64_t expired = 0;    // dropped because the deadline they carried had passed
  std::uint64_t cancelled = 0;  // dropped because their caller cancelled them
  std::uint64_t wasted = 0;     // finished or stopped after their caller had given up on them
  double wasted_busy = 0;       // mean workers busy on those: work for nobody
  std::vector<double> wasted_busy_by_replication;
  double utilization = 0;     // busy workers / all workers
  double mean_busy = 0;       // mean number of busy workers
  double mean_queue = 0;      // mean number waiting, all instances together
  double throughput_rps = 0;  // requests served per second
  LatencySummary latency;     // queueing plus service, dependencies included
  MaybeLatency success_latency, failure_latency;
};

struct EdgeSummary {
  sim::EdgeInfo info;
  std::uint64_t calls = 0, attempts = 0, retries = 0, successes = 0, failures = 0, timeouts = 0, fallbacks = 0;
  std::uint64_t degraded = 0;  // successes a fallback answered, this edge's or one below
  std::uint64_t sent = 0;      // calls started; `calls` counts those that ended, as their outcomes are
  std::uint64_t attempted = 0;  // ended calls that sent at least one attempt
  double attempts_per_call = 1;  // attempts / calls
  double retry_amplification = 1;
  double circuit_open_s = 0;       // open or forced open, averaged over replications
  double circuit_half_open_s = 0;  // half-open (probing, the calls beyond its probes rejected)
  RejectionCounts rejected_by;             // calls refused, by the pattern that refused them
  std::uint64_t rejected_retry_budget = 0;  // retries the budget denied
  std::uint64_t lost = 0;        // attempts or answers that never arrived (partition, packet loss, crash)
  std::uint64_t expired = 0;     // calls whose propagated deadline passed before they ended
  std::uint64_t cancelled = 0;   // attempts the caller gave up on and cancelled at the callee
  std::uint64_t overloaded = 0;  // calls that ended overloaded (the callee shed their last attempt)
  std::vector<double> retry_amplification_by_replication, rejected_by_replication;
  double unhealthy_mean = 0;     // instances a health check kept out of balancing, on average
  // The levels its stages keep of their own (sim::NamedLevel), time-averaged
  // after warmup, averaged over replications: {"adaptive_concurrency_limit", 41.2}.
  std::vector<std::pair<std::string, double>> levels;
  LatencySummary latency;
  MaybeLatency success_latency, failure_latency;
};

// Per bucket, over all replications (counts summed, quantiles of the pooled
// histogram, levels averaged): what results.json's timeseries holds and the
// charts draw, one definition for both. Each vector has a point per bucket,
// or two per group of VariantSummary::series_every buckets (thinning.hpp).
// for_each_field visits every series, so that thinning names none.
struct ClientSeries {
  std::vector<std::uint64_t> sent, requests, successes, failures, degraded;
  std::vector<std::optional<double>> availability, mean_ms, p50_ms, p95_ms, p99_ms;  // every answered request
  std::vector<std::optional<double>> success_p50_ms, success_p95_ms, success_p99_ms;
  std::vector<std::optional<double>> failure_p99_ms;

  template <class F>
  void for_each_field(F f) {
    for (auto* v : {&sent, &requests, &successes, &failures, &degraded}) f(*v);
    for (auto* v : {&availability, &mean_ms, &p50_ms, &p95_ms, &p99_ms, &success_p50_ms, &success_p95_ms, &success_p99_ms,
                    &failure_p99_ms})
      f(*v);
  }
};
struct ServiceSeries {
  std::vector<double> utilization, mean_queue;
  std::vector<double> instances, instances_desired;  // autoscaled services' (empty otherwise)
  std::vector<std::uint64_t> shed;                   // services that shed (empty otherwise)
  std::vector<std::optional<double>> latency_mean_ms;  // of the requests served in the bucket
  std::vector<std::optional<double>> success_latency_mean_ms;  // of those served with success
  std::vector<std::uint64_t> rejected, lost;

  template <class F>
  void for_each_field(F f) {
    f(utilization);
    f(mean_queue);
    f(latency_mean_ms);
    f(success_latency_mean_ms);
    f(rejected);
    f(lost);
    f(instances);
    f(instances_desired);
    f(shed);
  }
};

struct EdgeSeries {
  std::vector<double> circuit_open;  // fraction of the bucket the breaker was open, over replications
  std::vector<double> circuit_half_open;  // and half-open
  std::vector<std::uint64_t> attempts, retries, timeouts, rejected;  // rejected: by any pattern, and the retry budget
  // Its stages' own levels, each bucket's mean over replications.
  std::vector<std::pair<std::string, std::vector<double>>> levels;

  template <class F>
  void for_each_field(F f) {
    f(circuit_open);
    f(circuit_half_open);
    for (auto* v : {&attempts, &retries, &timeouts, &rejected}) f(*v);
    for (auto& level : levels) f(level.second);
  }
};

// Fewer replications than this get a warning.
inline constexpr int recommended_replications = 5;

struct VariantSummary {
  std::string scenario, variant, scenario_hash;
  std::uint64_t seed = 0;
  int replications = 0;
  double duration_s = 0, warmup_s = 0, bucket_s = 1;
  std::vector<ClientSummary> clients;
  std::vector<ServiceSummary> services;
  std::vector<EdgeSummary> edges;
  std::size_t buckets = 0;
  std::size_t series_every = 1;  // buckets per group of two points in the series; 1: a point per bucket
  std::vector<double> point_starts_s;  // where each point of the series starts
  std::vector<ClientSeries> client_series;
  std::vector<ServiceSeries> service_series;
  std::vector<EdgeSeries> edge_series;
  std::vector<FaultSummary> faults;
  std::optional<std::string> slo_client;
  std::vector<SloCheck> slo_checks;
  std::optional<SteadyState> steady_state;  // with an slo

  // What a reader of the figures should know first: too few replications
  // for intervals worth having, a warmup shorter than the start-up transient.
  std::vector<std::string> warnings;

  Verdict slo_verdict() const;  // the worst of its checks'
  bool slo_met() const { return slo_verdict() == Verdict::met; }
};

// Reads the runs' spools once, bucket by bucket, holding one bucket of each run at a time.
VariantSummary summarize(const scenarios::Scenario& scenario, const std::vector<sim::ReplicationResult>& runs);

}  // namespace chaossim::reports
