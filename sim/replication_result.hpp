#pragma once
// What one run (one variant, one replication) measured: each subject's totals
// after warmup, which a child process sends back to its parent, and its
// buckets, streamed to a spool file as they closed. What reports/ reads.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "patterns/outcome.hpp"
#include "sim/histogram.hpp"

namespace chaossim::sim {

// Counted events. Not every subject uses every counter: see the comments.
enum class Counter : std::uint8_t {
  sent,         // clients, edges: requests sent (offered load)
  requests,     // clients, edges: requests that ended (answered, failed or timed out); services: arrivals
  successes,    // queues: messages acknowledged by a consumer
  failures,     // every way of not succeeding, below; queues: deliveries not acknowledged in time
  errors,       // answered with an error
  unavailable,  // refused by the callee (queue full)
  timeouts,     // clients: no answer before the deadline; edges: a timeout stage fired
  rejected,     // services: refused because the queue was full
  degraded,     // successes a fallback answered, there or at any depth below (README, "degraded")
  attempts,     // edges: tries sent to the callee (calls plus retries and hedges)
  retries,      // edges: attempts after the first
  rejected_by_retry_budget,  // edges only: retries the budget denied (BucketRecord::rejected_by has the calls refused)
  lost,  // edges: attempts or answers lost (partition, packet loss, crash); services: requests lost in a crash
  fallbacks,  // edges: calls the edge's own fallback answered (each is degraded too)
  attempted,  // edges: calls that ended having sent at least one attempt (counted at their end, as their outcome)
  // Services: requests dropped because their deadline had passed (arriving,
  // coming up in the queue, or in service at their next step); edges: calls
  // whose propagated deadline passed before they ended.
  expired,
  // Services: requests dropped because their caller cancelled them (the same
  // places); edges: attempts the caller gave up on and cancelled at the callee.
  cancelled,
  // Services: requests whose caller had given up on them when a worker
  // finished them, or stopped them (work for nobody: see Level::wasted_busy).
  wasted,
  redelivered,   // queues: deliveries of a message after its first
  dead_letters,  // queues: messages moved to the dead-letter queue after max_deliveries
  scale_outs,    // autoscaled services: decisions that raised the instance count
  scale_ins,     // autoscaled services: decisions that lowered it
  replacements,  // autoscaled services: instances launched in place of ones found down
  // Clients: requests that ended while some autoscaled service had fewer
  // instances in service than it wanted, and of those the failed ones.
  ended_under_capacity,
  failed_under_capacity,
  overloaded,  // clients, edges: answered overloaded (the callee shed the request, HTTP 429)
  // Services and their endpoints: requests shed, answered overloaded (the
  // three are the causes of sheds, which counts them all).
  shed,
  shed_rate_limit,
  shed_concurrency,
  shed_queue_delay,
  // Services with worker pools and their endpoints: requests started on a
  // borrowed flex worker, and requests that waited their pool's max_wait
  // (refused then, unavailable; counted in rejected too).
  borrowed,
  pool_timeouts,
  count_
};
inline constexpr std::size_t counter_count = static_cast<std::size_t>(Counter::count_);

// Quantities with a level over time, integrated per bucket (level x seconds).
enum class Level : std::uint8_t {
  busy,       // services: busy workers
  queued,     // services: requests waiting for a worker
  in_flight,  // clients, edges: requests sent and not yet ended
  circuit_open,  // edges: 1 while the edge's circuit breaker is open (or forced open)
  circuit_half_open,  // edges: 1 while it is half-open (probing; calls beyond its probes are rejected)
  unhealthy,     // edges: instances of the callee a health check keeps out of balancing
  wasted_busy,   // services: workers busy on the requests counted wasted, added once each is found out
  count_
};
inline constexpr std::size_t level_count = static_cast<std::size_t>(Level::count_);

// How an answered request ended, for its latency: a fast refusal must not
// make latency look good (RESULTS-FORMAT v1.1), so the two are kept apart.
enum class Ending : std::uint8_t { success, failure };
inline constexpr std::size_t ending_count = 2;
inline Ending ending_of(patterns::Outcome outcome) {
  return outcome == patterns::Outcome::success ? Ending::success : Ending::failure;
}

// The latencies of the requests of one ending answered in a bucket.
struct LatencyRecord {
  double sum_s = 0;
  double max_s = 0;
  SparseHistogram histogram;
};

struct BucketRecord {
  std::array<std::uint64_t, counter_count> counts{};
  // Refusals by the pattern that refused, by PatternKind. Edges: every refusal
  // (a retried call may count several); clients: the requests that ended rejected.
  std::array<std::uint64_t, patterns::pattern_count> rejected_by{};
  std::array<double, level_count> area{};  // integral of each level over the bucket
  // Latencies of the requests that got an answer in this bucket, by Ending.
  std::array<LatencyRecord, ending_count> latency;

  std::uint64_t operator[](Counter c) const { return counts[static_cast<std::size_t>(c)]; }
  std::uint64_t operator[](patterns::PatternKind refused_by) const { return rejected_by[static_cast<std::size_t>(refused_by)]; }
};

// One subject's (a client's, a service's, an edge's) bucket: its record and
// the areas of the levels its stages keep of their own (NamedLevel), in the
// order they were added.
struct SubjectBucket {
  BucketRecord record;
  std::vector<double> named_area;
};

// One bucket of every subject of a run: what a run streams out as each bucket
// closes (bucket_spool.hpp), so that no process holds a run's whole series.
struct BucketFrame {
  std::vector<SubjectBucket> clients;   // scenario order
  std::vector<SubjectBucket> services;  // scenario order
  std::vector<SubjectBucket> edges;     // edge_list() order
  std::vector<SubjectBucket> endpoints;  // named endpoints, by service then endpoint
};

// One subject over the buckets after warmup, summed bucket by bucket in time
// order (so every figure made from it has one value, whoever sums).
struct SubjectTotals {
  std::array<std::uint64_t, counter_count> counts{};
  std::array<std::uint64_t, patterns::pattern_count> rejected_by{};
  std::array<double, level_count> area{};
  std::array<LatencyRecord, ending_count> latency;  // histograms merged over the buckets
  double answered_sum_s = 0;  // both endings' latency sums, added bucket by bucket in ending order
  std::vector<double> named_area;
};

struct SubjectResult {
  // The levels its stages keep of their own, under names that say whose and
  // what ("adaptive_concurrency_limit"), in the order they were added:
  // integrated per bucket as a Level is (SubjectBucket::named_area), so the
  // outputs show each as a mean over the run and over each bucket, by name.
  std::vector<std::string> level_names;
  SubjectTotals totals;
};

class SpoolFile;

struct ReplicationResult {
  std::string variant;
  int replication = 0;
  std::uint64_t seed = 0;
  double bucket_s = 1;
  double duration_s = 0;
  std::size_t buckets = 0;
  std::vector<SubjectResult> clients;   // scenario order
  std::vector<SubjectResult> services;  // scenario order
  std::vector<SubjectResult> edges;     // edge_list() order
  std::vector<SubjectResult> endpoints;  // named endpoints, by service then endpoint
  // Per fault occurrence (fault_timeline(), recomputed from the scenario and
  // `seed`): when a pattern first reacted at or after its
  // start (a circuit opened, a fallback served, a rejection, an instance taken
  // out of balancing), NaN when none did.
  std::vector<double> first_reaction_s;
  // Its buckets, one BucketFrame each, in time order; the file goes with the last holder.
  std::shared_ptr<const SpoolFile> spool;
};

// A run's result without its spool, as the child sends it to the parent, and back.
std::string encode(const ReplicationResult& r);
// `spool` is the file the child wrote the buckets to.
ReplicationResult decode(const std::string& bytes, std::shared_ptr<const SpoolFile> spool);

}  // namespace chaossim::sim
