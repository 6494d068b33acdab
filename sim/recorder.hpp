#pragma once
// Records one subject's (a client's, a service's, an edge's) events into time
// buckets while a run plays. Events arrive in time order, so only the current
// bucket's histogram is kept dense; closed buckets keep theirs sparse.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sim/replication_result.hpp"

namespace chaossim::sim {

// The bucket grid of a run, shared by every recorder.
class BucketGrid {
 public:
  BucketGrid(double bucket_s, double duration_s)
      : bucket_s_(bucket_s), count_(static_cast<std::size_t>(std::ceil(duration_s / bucket_s - 1e-9))) {}

  std::size_t index_of(double t) const {
    const auto i = static_cast<std::size_t>(t / bucket_s_);
    return i < count_ ? i : count_ - 1;
  }
  double start_of(std::size_t i) const { return static_cast<double>(i) * bucket_s_; }
  std::size_t count() const { return count_; }

 private:
  double bucket_s_;
  std::size_t count_;
};

class Recorder {
 public:
  explicit Recorder(const BucketGrid& grid) : grid_(grid) { series_.buckets.resize(grid.count()); }

  void count(Counter c, double now, std::uint64_t n = 1) {
    bucket(now).counts[static_cast<std::size_t>(c)] += n;
  }
  void rejection(patterns::PatternKind by, double now) { ++bucket(now).rejected_by[static_cast<std::size_t>(by)]; }
  void latency(double now, double seconds, Ending ending) {
    LatencyRecord& record = bucket(now).latency[static_cast<std::size_t>(ending)];
    record.sum_s += seconds;
    if (seconds > record.max_s) record.max_s = seconds;
    histograms_[static_cast<std::size_t>(ending)]->add(seconds);
  }
  // Changes a level by `delta` at `now`, integrating the old level up to now.
  void change(Level l, double now, double delta) {
    auto& tracked = levels_[static_cast<std::size_t>(l)];
    integrate(l, tracked, now);
    tracked.value += delta;
  }

  // A level of the recorder's owner's own (replication_result.hpp, NamedLevel),
  // at `initial` from time 0; returns its id for set().
  std::size_t add_level(std::string name, double initial);
  void set(std::size_t named_level, double now, double value) {
    auto& tracked = named_[named_level];
    auto& area = series_.named_levels[named_level].area;
    integrate(tracked, now, [&area](std::size_t i) -> double& { return area[i]; });
    tracked.value = value;
  }

  // Integrates levels up to `end` and closes the histogram: call once, at the end of the run.
  Series finish(double end);

 private:
  struct Tracked {
    double value = 0;
    double since = 0;
  };

  BucketRecord& bucket(double now) {
    const std::size_t i = grid_.index_of(now);
    if (i != current_) close_histograms(i);
    return series_.buckets[i];
  }
  void close_histograms(std::size_t next);
  void integrate(Level l, Tracked& tracked, double now) {
    const auto slot = static_cast<std::size_t>(l);
    integrate(tracked, now, [this, slot](std::size_t i) -> double& { return series_.buckets[i].area[slot]; });
  }
  // Adds the tracked value times the time since it was last integrated to
  // each bucket's area(i).
  template <class Area>
  void integrate(Tracked& tracked, double now, Area area) {
    if (tracked.value != 0) {
      double from = tracked.since;
      std::size_t i = grid_.index_of(from);
      while (from < now) {
        const double bucket_end = i + 1 < grid_.count() ? grid_.start_of(i + 1) : now;
        const double to = bucket_end < now ? bucket_end : now;
        area(i) += tracked.value * (to - from);
        from = to;
        ++i;
      }
    }
    tracked.since = now;
  }

  const BucketGrid& grid_;
  Series series_;
  std::size_t current_ = 0;
  // Dense only while its bucket is open; heap-allocated as it is large.
  std::array<std::unique_ptr<LatencyHistogram>, ending_count> histograms_{std::make_unique<LatencyHistogram>(),
                                                                          std::make_unique<LatencyHistogram>()};
  std::array<Tracked, level_count> levels_{};
  std::vector<Tracked> named_;
};

}  // namespace chaossim::sim
