#pragma once
// Client-side adaptive throttling (Google SRE, "Handling Overload"): each
// client counts, over the last `window`, the requests it tried and those the
// backend accepted, and rejects a new request locally with probability
// max(0, (requests - K x accepts) / (requests + 1)). A backend that rejects
// (sheds, refuses, times out) makes its clients stop sending what it would
// reject anyway, without a message between them; one that accepts again
// brings the probability back to 0.
#include "patterns/adaptive_throttling_config.hpp"
#include "patterns/outcome.hpp"
#include "patterns/sliced_counts.hpp"

namespace chaossim::patterns {

class AdaptiveThrottle {
 public:
  virtual ~AdaptiveThrottle() = default;
  // A request is made: `uniform` is a draw in [0, 1). Counted as a request
  // either way; true when it may go to the backend, false when it is
  // rejected locally (the draw under the probability).
  virtual bool try_send(double now, double uniform) = 0;
  // A request sent ended with `outcome`: an accept when the backend did the
  // work and answered (a success or an error); shed, refused, timed out or
  // rejected on the way, it was not accepted.
  virtual void on_result(double now, Outcome outcome) = 0;
  static bool accepted(Outcome outcome) { return outcome == Outcome::success || outcome == Outcome::error; }
};

class ReferenceAdaptiveThrottle final : public AdaptiveThrottle {
 public:
  explicit ReferenceAdaptiveThrottle(const AdaptiveThrottlingConfig& config) : config_(config), counts_(config.window_s) {}
  bool try_send(double now, double uniform) override;
  void on_result(double now, Outcome outcome) override;
  // The probability a request made now is rejected locally.
  double reject_probability(double now);

 private:
  AdaptiveThrottlingConfig config_;
  SlicedCounts<60> counts_;  // requests, accepts
};

}  // namespace chaossim::patterns
