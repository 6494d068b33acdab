#include "sim/recorder.hpp"

#include <algorithm>

namespace chaossim::sim {
namespace {

// Adds sparse histogram `b` to `a` (bins ascending in both), through
// `out`, a buffer kept between calls so that merging allocates only to grow.
void merge_into(SparseHistogram& a, const SparseHistogram& b, SparseHistogram& out) {
  constexpr std::uint64_t count_bits = (std::uint64_t{1} << 48) - 1;
  out.clear();
  std::size_t i = 0, k = 0;
  while (i < a.size() || k < b.size()) {
    if (k == b.size() || (i < a.size() && (a[i] >> 48) < (b[k] >> 48))) {
      out.push_back(a[i++]);
    } else if (i == a.size() || (b[k] >> 48) < (a[i] >> 48)) {
      out.push_back(b[k++]);
    } else {
      out.push_back(a[i] + (b[k] & count_bits));
      ++i;
      ++k;
    }
  }
  a.swap(out);
}

}  // namespace

void Recorder::close_histograms(std::size_t next) {
  for (std::size_t e = 0; e < ending_count; ++e) {
    if (histograms_[e].empty()) continue;
    histograms_[e].take(open(current_).record.latency[e].histogram);
  }
  current_ = next;
}

void Recorder::reset(SubjectBucket& b) const {
  BucketRecord& r = b.record;
  r.counts.fill(0);
  r.rejected_by.fill(0);
  r.area.fill(0);
  for (auto& l : r.latency) {
    l.sum_s = l.max_s = 0;
    l.histogram.clear();
  }
  b.named_area.assign(names_.size(), 0.0);
}

std::size_t Recorder::add_level(std::string name, double initial) {
  names_.push_back(std::move(name));
  for (std::size_t i = 0; i < open_.size(); ++i) open_[i].named_area.push_back(0.0);
  totals_.named_area.push_back(0.0);
  named_.push_back({initial, 0});
  return named_.size() - 1;
}

void Recorder::advance(double now) {
  for (std::size_t l = 0; l < level_count; ++l) integrate(static_cast<Level>(l), levels_[l], now);
  for (std::size_t n = 0; n < named_.size(); ++n) set(n, now, named_[n].value);
}

void Recorder::emit(std::size_t index, SubjectBucket& out) {
  if (current_ <= index) {
    close_histograms(index + 1);
    current_bucket_ = nullptr;  // bucket index + 1 is opened by its first event
  }
  SubjectBucket& b = open(index);
  add_to_totals(b);
  std::swap(out, b);  // the slot keeps out's buffers, to be reset and filled again
  open_.pop_front();
  ++first_open_;
}

// In bucket order, as the outputs have always summed: the same figures
// whichever process sums.
void Recorder::add_to_totals(const SubjectBucket& b) {
  if (first_open_ < grid_.first_counted()) return;
  static thread_local SparseHistogram buffer;
  const BucketRecord& r = b.record;
  for (std::size_t c = 0; c < counter_count; ++c) totals_.counts[c] += r.counts[c];
  for (std::size_t k = 0; k < patterns::pattern_count; ++k) totals_.rejected_by[k] += r.rejected_by[k];
  for (std::size_t l = 0; l < level_count; ++l) totals_.area[l] += r.area[l];
  for (std::size_t e = 0; e < ending_count; ++e) {
    const LatencyRecord& in = r.latency[e];
    LatencyRecord& total = totals_.latency[e];
    totals_.answered_sum_s += in.sum_s;
    total.sum_s += in.sum_s;
    total.max_s = std::max(total.max_s, in.max_s);
    if (!in.histogram.empty()) merge_into(total.histogram, in.histogram, buffer);
  }
  for (std::size_t n = 0; n < b.named_area.size(); ++n) totals_.named_area[n] += b.named_area[n];
}

}  // namespace chaossim::sim
