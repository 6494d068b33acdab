#pragma once
// Adaptive concurrency limit, additive increase and multiplicative decrease
// (Netflix concurrency-limits' AIMDLimit, TCP congestion avoidance's rule): at
// most `limit` calls in flight; the limit grows by one for every `limit`
// successful calls (one window's worth) and is multiplied by `backoff_ratio`
// on a drop: a timeout, a refusal by the callee, or a success slower than
// `latency_threshold`. Calls over the limit are refused. Errors are the
// callee's answer, not a sign of overload: they release the slot and teach
// the limit nothing (AIMDLimit's onIgnore).
#include "patterns/adaptive_concurrency_config.hpp"
#include "patterns/outcome.hpp"

namespace chaossim::patterns {

class AdaptiveConcurrencyLimiter {
 public:
  explicit AdaptiveConcurrencyLimiter(const AdaptiveConcurrencyConfig& config);

  // May a call go out now? A refused call must not be reported back.
  bool try_acquire(double now);
  // A call that went out ended with `outcome` after `latency_s`.
  void on_result(double now, Outcome outcome, double latency_s);

  int limit() const { return limit_; }
  int in_flight() const { return in_flight_; }

 private:
  AdaptiveConcurrencyConfig config_;
  int limit_;
  int in_flight_ = 0;
  int successes_ = 0;  // since the limit last changed
};

}  // namespace chaossim::patterns
