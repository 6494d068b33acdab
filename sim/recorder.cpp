#include "sim/recorder.hpp"

namespace chaossim::sim {

void Recorder::close_histogram(std::size_t next) {
  if (!histogram_->empty()) {
    series_.buckets[current_].latency = to_sparse(*histogram_);
    histogram_->clear();
  }
  current_ = next;
}

void Recorder::integrate(Level l, Tracked& tracked, double now) {
  const auto slot = static_cast<std::size_t>(l);
  if (tracked.value != 0) {
    double from = tracked.since;
    std::size_t i = grid_.index_of(from);
    while (from < now) {
      const double bucket_end = i + 1 < grid_.count() ? grid_.start_of(i + 1) : now;
      const double to = bucket_end < now ? bucket_end : now;
      series_.buckets[i].area[slot] += tracked.value * (to - from);
      from = to;
      ++i;
    }
  }
  tracked.since = now;
}

Series Recorder::finish(double end) {
  for (std::size_t l = 0; l < level_count; ++l) integrate(static_cast<Level>(l), levels_[l], end);
  close_histogram(current_);
  return std::move(series_);
}

}  // namespace chaossim::sim
