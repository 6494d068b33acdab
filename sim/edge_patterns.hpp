#pragma once
// The resilience patterns of one call edge, built from its pipeline: the
// stages in order (outermost first, ending with the attempt itself) and one
// instance of each pattern, shared by every call over the edge.
#include <deque>
#include <optional>
#include <vector>

#include "patterns/bulkhead.hpp"
#include "patterns/cache.hpp"
#include "patterns/circuit_breaker.hpp"
#include "patterns/hedge.hpp"
#include "patterns/pipeline_config.hpp"
#include "patterns/rate_limiter.hpp"
#include "patterns/retry.hpp"
#include "patterns/timeout.hpp"
#include "sim/request.hpp"
#include "sim/rng.hpp"

namespace chaossim::sim {

enum class Stage : std::uint8_t { fallback, retry, circuit_breaker, rate_limiter, timeout, bulkhead, hedge, attempt };

// patterns::Random over one of the run's streams.
class StreamRandom final : public patterns::Random {
 public:
  explicit StreamRandom(std::uint64_t seed) : rng_(seed) {}
  double uniform() override { return rng_.uniform(); }

 private:
  Rng rng_;
};

struct EdgePatterns {
  EdgePatterns(const patterns::PipelineConfig* pipeline, std::uint64_t seed);

  std::vector<Stage> stages;  // never empty: the last is the attempt
  const patterns::PipelineConfig* config = nullptr;
  std::optional<patterns::ReferenceCircuitBreaker> breaker;
  std::optional<patterns::ReferenceRetryPolicy> retry;
  std::optional<patterns::ReferenceRetryBudget> budget;
  std::optional<patterns::ReferenceTimeout> timeout;
  std::optional<patterns::ReferenceBulkhead> bulkhead;
  std::deque<Frame*> bulkhead_waiters;  // in arrival order; those who gave up are skipped
  std::optional<patterns::ReferenceRateLimiter> limiter;
  std::optional<patterns::HedgePolicy> hedge;
  patterns::ReferenceCache cache{0};  // holds nothing unless the fallback chain has a cache
  bool caches = false;
  std::vector<std::uint32_t> fallback_edges;      // per fallback entry: the edge of its service call
  StreamRandom random;
};

}  // namespace chaossim::sim
