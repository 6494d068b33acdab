#pragma once
// Records one subject's (a client's, a service's, an edge's) events into time
// buckets while a run plays, and hands each bucket on once it is over (emit),
// keeping the totals after warmup: memory stays that of a few buckets, however
// long the run. Events arrive in time order, so only the current bucket's
// latency histograms are kept open; closed buckets keep theirs sparse.
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sim/replication_result.hpp"
#include "sim/ring_queue.hpp"

namespace chaossim::sim {

// The bucket grid of a run, shared by every recorder.
class BucketGrid {
 public:
  BucketGrid(double bucket_s, double duration_s, double warmup_s)
      : bucket_s_(bucket_s),
        count_(static_cast<std::size_t>(std::ceil(duration_s / bucket_s - 1e-9))),
        first_counted_(static_cast<std::size_t>(std::llround(warmup_s / bucket_s))) {}

  std::size_t index_of(double t) const {
    const auto i = static_cast<std::size_t>(t / bucket_s_);
    return i < count_ ? i : count_ - 1;
  }
  double start_of(std::size_t i) const { return static_cast<double>(i) * bucket_s_; }
  std::size_t count() const { return count_; }
  // The first bucket after warmup: the totals count it and those after.
  std::size_t first_counted() const { return first_counted_; }

 private:
  double bucket_s_;
  std::size_t count_;
  std::size_t first_counted_;
};

class Recorder {
 public:
  explicit Recorder(const BucketGrid& grid) : grid_(grid) {}

  void count(Counter c, double now, std::uint64_t n = 1) {
    bucket(now).counts[static_cast<std::size_t>(c)] += n;
  }
  void rejection(patterns::PatternKind by, double now) { ++bucket(now).rejected_by[static_cast<std::size_t>(by)]; }
  void latency(double now, double seconds, Ending ending) {
    LatencyRecord& record = bucket(now).latency[static_cast<std::size_t>(ending)];
    record.sum_s += seconds;
    if (seconds > record.max_s) record.max_s = seconds;
    histograms_[static_cast<std::size_t>(ending)].add(seconds);
  }
  // Changes a level by `delta` at `now`, integrating the old level up to now.
  [[gnu::always_inline]] void change(Level l, double now, double delta) {
    auto& tracked = levels_[static_cast<std::size_t>(l)];
    integrate(l, tracked, now);
    tracked.value += delta;
  }

  // Adds one to a level over [from, now], after the fact: for a level known
  // only once its span is over (wasted work). A part of the span in a bucket
  // already emitted goes to the oldest one still open.
  void add_span(Level l, double from, double now) {
    Tracked span{1, from};
    integrate(l, span, now);
  }

  // A level of the recorder's owner's own (SubjectResult::level_names), at
  // `initial` from time 0; returns its id for set().
  std::size_t add_level(std::string name, double initial);
  void set(std::size_t named_level, double now, double value) {
    auto& tracked = named_[named_level];
    integrate(tracked, now, [this, named_level](std::size_t i) -> double& { return open(i).named_area[named_level]; });
    tracked.value = value;
  }

  // Starts fetching what the next event of this subject touches: a message
  // on its way to it takes a few other events to arrive, time enough for the
  // fetch, where a thousand subjects do not stay in the cache between events.
  void prefetch() const {
    for (int line = 0; line < 4; ++line) __builtin_prefetch(reinterpret_cast<const char*>(this) + 64 * line);
    if (current_bucket_ != nullptr)
      for (int line = 0; line < 6; ++line) __builtin_prefetch(reinterpret_cast<const char*>(current_bucket_) + 64 * line);
  }

  // Integrates every level up to `now`: call at a bucket's end before emitting it.
  void advance(double now);
  // Hands bucket `index` over, complete, into `out`, adds it to the totals
  // when it is after warmup, and forgets it. Buckets are emitted in order,
  // each once, and only when no event can fall in them any more (for a
  // bucket ending at t: once time has passed the end of the next, as an
  // event at t itself may round into it).
  void emit(std::size_t index, SubjectBucket& out);
  // Its levels' names and its totals after warmup: once every bucket is emitted.
  SubjectResult result() const { return {names_, totals_}; }

 private:
  struct Tracked {
    double value = 0;
    double since = 0;
  };

  // Bucket `i`, opened (empty) if it was not; never one already emitted.
  SubjectBucket& open(std::size_t i) {
    if (i < first_open_) i = first_open_;
    while (first_open_ + open_.size() <= i) {
      if (open_.full()) current_bucket_ = nullptr;  // the ring moves its buckets as it grows
      reset(open_.reuse_back());
    }
    return open_[i - first_open_];
  }
  void reset(SubjectBucket& b) const;
  // The bucket of `now`: nearly always the current one, kept at hand.
  BucketRecord& bucket(double now) {
    const std::size_t i = grid_.index_of(now);
    if (i == current_ && current_bucket_ != nullptr) return *current_bucket_;
    if (i != current_) close_histograms(i);
    current_bucket_ = &open(i).record;
    return *current_bucket_;
  }
  void close_histograms(std::size_t next);
  void add_to_totals(const SubjectBucket& b);
  [[gnu::always_inline]] void integrate(Level l, Tracked& tracked, double now) {
    const auto slot = static_cast<std::size_t>(l);
    integrate(tracked, now, [this, slot](std::size_t i) -> double& { return open(i).record.area[slot]; });
  }
  // Adds the tracked value times the time since it was last integrated to
  // each bucket's area(i).
  // Inlined where levels change on every request, whatever else the caller grew.
  template <class Area>
  [[gnu::always_inline]] void integrate(Tracked& tracked, double now, Area area) {
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
    // A bucket's end is integrated up to once the clock has passed it; a
    // SimGrid callback may have moved the level past it already.
    if (now > tracked.since) tracked.since = now;
  }

  const BucketGrid& grid_;
  RingQueue<SubjectBucket> open_{4};  // buckets first_open_, first_open_ + 1, ...: two or three
  std::size_t first_open_ = 0;
  std::size_t current_ = 0;  // the bucket the dense histograms are of
  BucketRecord* current_bucket_ = nullptr;  // bucket current_'s record, once opened
  std::array<OpenHistogram, ending_count> histograms_;  // bucket current_'s
  std::array<Tracked, level_count> levels_{};
  std::vector<Tracked> named_;
  std::vector<std::string> names_;
  SubjectTotals totals_;
};

}  // namespace chaossim::sim
