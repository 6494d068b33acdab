#pragma once
// What one run (one variant, one replication) measured, bucket by bucket. This
// is what a child process sends back to its parent, and what reports/ reads.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "patterns/outcome.hpp"
#include "sim/histogram.hpp"

namespace chaossim::sim {

// Counted events. Not every subject uses every counter: see the comments.
enum class Counter : std::uint8_t {
  sent,         // clients, edges: requests sent (offered load)
  requests,     // clients, edges: requests that ended (answered, failed or timed out); services: arrivals
  successes,
  failures,     // every way of not succeeding, below
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

// A level a stage keeps of its own, under a name that says whose and what
// ("adaptive_concurrency_limit"): integrated per bucket as a Level is, so the
// outputs show it as a mean over the run and over each bucket, by its name.
struct NamedLevel {
  std::string name;
  std::vector<double> area;  // [bucket]
};

struct Series {
  std::vector<BucketRecord> buckets;
  std::vector<NamedLevel> named_levels;  // in the order the stages added them
};

struct ReplicationResult {
  std::string variant;
  int replication = 0;
  std::uint64_t seed = 0;
  double bucket_s = 1;
  double duration_s = 0;
  std::vector<Series> clients;   // scenario order
  std::vector<Series> services;  // scenario order
  std::vector<Series> edges;     // edge_list() order
  // Per fault (scenario order): when a pattern first reacted at or after its
  // start (a circuit opened, a fallback served, a rejection, an instance taken
  // out of balancing), NaN when none did.
  std::vector<double> first_reaction_s;
};

std::string encode(const ReplicationResult& r);
ReplicationResult decode(const std::string& bytes);

}  // namespace chaossim::sim
