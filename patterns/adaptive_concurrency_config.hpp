#pragma once
// Settings of the adaptive concurrency limiter (adaptive_concurrency.hpp).
// Defaults are Netflix concurrency-limits' AIMDLimit's, but for min_limit.
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct AdaptiveConcurrencyConfig {
  static constexpr int default_initial_limit = 20;
  // Deviation: AIMDLimit's minLimit is 20, the initial limit, so the limit
  // never falls below where it started; 1 lets it shed load the way TCP's
  // congestion window does.
  static constexpr int default_min_limit = 1;
  static constexpr int default_max_limit = 200;
  static constexpr double default_backoff_ratio = 0.9;
  static constexpr double default_latency_threshold_s = 5.0;

  int initial_limit = default_initial_limit;
  int min_limit = default_min_limit;
  int max_limit = default_max_limit;
  double backoff_ratio = default_backoff_ratio;              // the limit is multiplied by it on a drop
  double latency_threshold_s = default_latency_threshold_s;  // a success slower than this counts as a drop
};

// The config's fields, for readers and writers that need no knowledge of its
// type (the scenario loader, the JSON Schema test): one call per field, in
// the order a user reads them, with the key a scenario gives it.
template <class Fields>
void describe_fields(AdaptiveConcurrencyConfig& c, Fields& f) {
  f.integer("initial_limit", c.initial_limit);
  f.integer("min_limit", c.min_limit);
  f.integer("max_limit", c.max_limit);
  f.number("backoff_ratio", c.backoff_ratio);
  f.duration("latency_threshold", c.latency_threshold_s);
}

ConfigProblems validate(const AdaptiveConcurrencyConfig& config);

}  // namespace chaossim::patterns
