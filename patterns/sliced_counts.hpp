#pragma once
// Two counts over a sliding window, kept in `Slices` fixed slices of it:
// memory is fixed whatever the rate, and a count leaves the window a slice
// at a time. What a retry budget and adaptive throttling count with.
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

namespace chaossim::patterns {

template <int Slices>
class SlicedCounts {
 public:
  explicit SlicedCounts(double window_s) : window_s_(window_s) {}

  // Adds to the first or second count at `now`.
  void add_first(double now) { ++current(now).first; }
  void add_second(double now) { ++current(now).second; }
  // Both counts over the window ending at `now`.
  std::pair<std::int64_t, std::int64_t> totals(double now) {
    const std::int64_t epoch = current(now).epoch;
    std::pair<std::int64_t, std::int64_t> sum{0, 0};
    for (const Slice& s : slices_)
      if (s.epoch > epoch - Slices) {
        sum.first += s.first;
        sum.second += s.second;
      }
    return sum;
  }

 private:
  struct Slice {
    std::int64_t epoch = -1;
    std::int64_t first = 0, second = 0;
  };
  Slice& current(double now) {
    const auto epoch = static_cast<std::int64_t>(std::floor(now * Slices / window_s_));
    Slice& s = slices_[static_cast<std::size_t>(epoch % Slices)];
    if (s.epoch != epoch) s = Slice{epoch, 0, 0};
    return s;
  }

  double window_s_;
  std::array<Slice, Slices> slices_{};
};

}  // namespace chaossim::patterns
