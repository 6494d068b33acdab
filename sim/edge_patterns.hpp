#pragma once
// The resilience patterns of one call edge, built from its pipeline: the
// stages in order (outermost first, ending with the attempt itself) and one
// instance of each pattern, shared by every call over the edge. The factory
// decides whose implementations they are (the reference's, or a submission's
// when grading); rate limiting and hedging are always the reference's.
#include <deque>
#include <optional>
#include <vector>

#include <memory>

#include "patterns/factory.hpp"
#include "patterns/hedge.hpp"
#include "patterns/pipeline_config.hpp"
#include "patterns/rate_limiter.hpp"
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
  EdgePatterns(const patterns::PipelineConfig* pipeline, std::uint64_t seed, patterns::PatternFactory& factory);

  std::vector<Stage> stages;  // never empty: the last is the attempt
  const patterns::PipelineConfig* config = nullptr;
  std::unique_ptr<patterns::CircuitBreaker> breaker;
  std::unique_ptr<patterns::RetryPolicy> retry;
  std::unique_ptr<patterns::RetryBudget> budget;
  std::unique_ptr<patterns::Timeout> timeout;
  std::unique_ptr<patterns::Bulkhead> bulkhead;
  std::deque<Frame*> bulkhead_waiters;  // in arrival order; those who gave up are removed
  std::optional<patterns::ReferenceRateLimiter> limiter;
  std::optional<patterns::HedgePolicy> hedge;
  std::unique_ptr<patterns::FallbackRegistry> fallback;
  std::unique_ptr<patterns::Cache> cache;  // only when the fallback chain has a cache entry
  patterns::ReferenceCache no_cache{0};     // what a chain without one consults: it holds nothing
  std::vector<std::uint32_t> fallback_edges;      // per fallback entry: the edge of its service call
  StreamRandom random;
};

}  // namespace chaossim::sim
