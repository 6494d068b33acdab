#pragma once
// Log-linear latency histogram (in the manner of HdrHistogram): each power of
// two above 1 us is split into 64 equal bins, so a bin is at most 1/64 of its
// lower bound wide. Fixed size, whatever the number of samples.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace chaossim::sim {

class LatencyHistogram {
 public:
  static constexpr int sub_bins = 64;
  static constexpr int octaves = 42;             // 1 us .. ~50 days
  static constexpr int bin_count = 1 + octaves * sub_bins;  // bin 0: below 1 us
  static constexpr double min_value_s = 1e-6;

  static int bin_of(double seconds);
  static double lower_edge(int bin);
  static double width(int bin);
  static double midpoint(int bin) { return lower_edge(bin) + width(bin) / 2; }
  // The width of the bin `seconds` falls in: no quantile is known closer
  // than that, so no confidence interval of one is narrower.
  static double resolution_at(double seconds) { return width(bin_of(seconds)); }

  void add(double seconds) { add_to_bin(bin_of(seconds), 1); }
  void add_to_bin(int bin, std::uint64_t n);
  void merge(const LatencyHistogram& other);
  void clear();

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // The nearest-rank sample's place, interpolated within its bin: the
  // samples of a bin are taken as spread evenly over it, the k-th of c at
  // (k - 1/2) / c of its width. A lone sample is its bin's midpoint; a
  // crowded bin no longer rounds every replication's quantile to one value,
  // which would make their spread, and a confidence interval, vanish.
  // q in [0, 1]; 0 when empty.
  double quantile(double q) const;
  const std::array<std::uint64_t, bin_count>& bins() const { return bins_; }
  int lowest_bin() const { return lowest_; }
  int highest_bin() const { return highest_; }

 private:
  std::array<std::uint64_t, bin_count> bins_{};
  std::uint64_t count_ = 0;
  int lowest_ = bin_count;
  int highest_ = -1;
};

// A histogram kept per time bucket: only its non-empty bins, packed as
// bin << 48 | count.
using SparseHistogram = std::vector<std::uint64_t>;

SparseHistogram to_sparse(const LatencyHistogram& h);
void to_sparse(const LatencyHistogram& h, SparseHistogram& out);  // into `out`'s buffer
void add_sparse(LatencyHistogram& into, const SparseHistogram& sparse);
// LatencyHistogram::quantile of the sum of sparse histograms, without making
// a dense one: nullopt when they hold nothing.
std::optional<double> sparse_quantile(const std::vector<const SparseHistogram*>& parts, double q);

// One bucket's latencies while it is open: a list of bins while they are
// few, a dense histogram once they are many. A large topology has thousands
// of quiet subjects, each answering a few requests a bucket: a dense
// histogram each (21 KB) would fill the caches and the memory; a busy one
// still adds a sample in constant time.
class OpenHistogram {
 public:
  void add(double seconds) {
    const int bin = LatencyHistogram::bin_of(seconds);
    if (dense_) {
      dense_->add_to_bin(bin, 1);
      return;
    }
    bins_.push_back(static_cast<std::uint16_t>(bin));
    if (bins_.size() == fold_at) fold();
  }
  bool empty() const { return bins_.empty() && (!dense_ || dense_->empty()); }
  // Moves what it holds into `out` as a sparse histogram (the same as
  // to_sparse of a dense one), reusing `out`'s buffer; it is empty after.
  void take(SparseHistogram& out);

 private:
  static constexpr std::size_t fold_at = 128;
  static_assert(LatencyHistogram::bin_count <= 65536, "a bin must fit in 16 bits");
  void fold();
  std::vector<std::uint16_t> bins_;
  std::unique_ptr<LatencyHistogram> dense_;  // kept once made: a busy subject stays busy
};

}  // namespace chaossim::sim
