#pragma once
// The sliding windows a circuit breaker judges by: the last N calls (count
// window) or the calls of the last T seconds (time window, bucketed). Both
// answer the same question: how many calls, how many failed, how many slow.
#include <cstdint>
#include <vector>

namespace chaossim::patterns {

struct WindowTotals {
  std::int64_t calls = 0;
  std::int64_t failures = 0;
  std::int64_t slow = 0;
};

class CountWindow {
 public:
  explicit CountWindow(int size);
  void record(bool failed, bool slow);
  WindowTotals totals() const { return totals_; }
  void reset();

 private:
  std::vector<std::uint8_t> ring_;  // bit 0: failed, bit 1: slow, bit 2: occupied
  std::size_t next_ = 0;
  WindowTotals totals_;
};

// As Resilience4j's SlidingTimeWindowMetrics: one bucket per second of the
// window (per window/N for windows that are not whole seconds), so memory is
// bounded whatever the call rate and old calls leave a bucket at a time.
class TimeWindow {
 public:
  explicit TimeWindow(double window_s);
  void record(double now, bool failed, bool slow);
  WindowTotals totals(double now);
  void reset();

 private:
  struct Bucket {
    std::int64_t epoch = -1;  // which bucket-width slice of time it holds
    WindowTotals totals;
  };
  void expire(std::int64_t epoch);

  double bucket_s_;
  std::vector<Bucket> buckets_;
  WindowTotals totals_;
};

}  // namespace chaossim::patterns
