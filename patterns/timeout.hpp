#pragma once
// Timeout: how long a caller waits for one attempt. Fixed, or adaptive: a
// quantile of the latencies of recent answered calls times a multiplier,
// clamped to [min, max]. A call cut by the timeout is not a sample: counted
// at the timeout's value it would ratchet the timeout up during an outage
// (every call cut, each pushing the quantile to the limit that cut it).
#include <cstdint>
#include <string>
#include <vector>

#include "patterns/timeout_config.hpp"

namespace chaossim::patterns {

class Timeout {
 public:
  virtual ~Timeout() = default;
  virtual double timeout_s(double now) = 0;
  // An attempt ended after `latency_s`, or was cut at its timeout (`timed_out`).
  virtual void on_result(double now, double latency_s, bool timed_out) = 0;
};

class ReferenceTimeout final : public Timeout {
 public:
  // Recent latencies the adaptive estimate is taken from, and how many it
  // needs first (until then it waits `initial`).
  static constexpr std::size_t window = 256;
  static constexpr std::size_t minimum_samples = 20;

  explicit ReferenceTimeout(const TimeoutConfig& config);
  double timeout_s(double now) override;
  void on_result(double now, double latency_s, bool timed_out) override;

 private:
  void recompute();

  TimeoutConfig config_;
  std::vector<double> recent_;  // ring of the last `window` latencies
  std::vector<double> scratch_;  // reused for the selection: no allocation per call
  std::size_t next_ = 0;
  std::size_t since_recompute_ = 0;
  double current_s_;
};


}  // namespace chaossim::patterns
