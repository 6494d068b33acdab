#include "patterns/outcome_window.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::patterns {

namespace {
constexpr std::uint8_t failed_bit = 1, slow_bit = 2, occupied_bit = 4;
}

CountWindow::CountWindow(int size) : ring_(static_cast<std::size_t>(std::max(size, 1)), 0) {}

void CountWindow::record(bool failed, bool slow) {
  std::uint8_t& slot = ring_[next_];
  if (slot & occupied_bit) {
    --totals_.calls;
    totals_.failures -= (slot & failed_bit) ? 1 : 0;
    totals_.slow -= (slot & slow_bit) ? 1 : 0;
  }
  slot = static_cast<std::uint8_t>(occupied_bit | (failed ? failed_bit : 0) | (slow ? slow_bit : 0));
  ++totals_.calls;
  totals_.failures += failed ? 1 : 0;
  totals_.slow += slow ? 1 : 0;
  next_ = (next_ + 1) % ring_.size();
}

void CountWindow::reset() {
  std::fill(ring_.begin(), ring_.end(), 0);
  next_ = 0;
  totals_ = {};
}

TimeWindow::TimeWindow(double window_s) {
  const auto count = static_cast<std::size_t>(std::clamp(std::ceil(window_s - 1e-9), 1.0, 3600.0));
  bucket_s_ = window_s / static_cast<double>(count);
  buckets_.resize(count);
}

void TimeWindow::expire(std::int64_t epoch) {
  // A bucket is live while its epoch is within the last `size` epochs.
  const auto size = static_cast<std::int64_t>(buckets_.size());
  for (auto& b : buckets_) {
    if (b.epoch >= 0 && b.epoch <= epoch - size) {
      totals_.calls -= b.totals.calls;
      totals_.failures -= b.totals.failures;
      totals_.slow -= b.totals.slow;
      b = Bucket{};
    }
  }
}

void TimeWindow::record(double now, bool failed, bool slow) {
  const auto epoch = static_cast<std::int64_t>(std::floor(now / bucket_s_));
  expire(epoch);
  Bucket& b = buckets_[static_cast<std::size_t>(epoch % static_cast<std::int64_t>(buckets_.size()))];
  b.epoch = epoch;
  ++b.totals.calls;
  ++totals_.calls;
  if (failed) {
    ++b.totals.failures;
    ++totals_.failures;
  }
  if (slow) {
    ++b.totals.slow;
    ++totals_.slow;
  }
}

WindowTotals TimeWindow::totals(double now) {
  expire(static_cast<std::int64_t>(std::floor(now / bucket_s_)));
  return totals_;
}

void TimeWindow::reset() {
  std::fill(buckets_.begin(), buckets_.end(), Bucket{});
  totals_ = {};
}

}  // namespace chaossim::patterns
