#include "sim/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::sim {

int LatencyHistogram::bin_of(double seconds) {
  const double x = seconds / min_value_s;
  if (!(x >= 1.0)) return 0;  // also catches NaN
  int exponent = 0;
  const double mantissa = std::frexp(x, &exponent);  // x = mantissa * 2^exponent, mantissa in [0.5, 1)
  const int octave = exponent - 1;
  if (octave >= octaves) return bin_count - 1;
  const int sub = static_cast<int>((mantissa * 2.0 - 1.0) * sub_bins);
  return 1 + octave * sub_bins + std::min(sub, sub_bins - 1);
}

double LatencyHistogram::lower_edge(int bin) {
  if (bin <= 0) return 0;
  const int octave = (bin - 1) / sub_bins;
  const int sub = (bin - 1) % sub_bins;
  return min_value_s * std::ldexp(1.0 + static_cast<double>(sub) / sub_bins, octave);
}

double LatencyHistogram::width(int bin) {
  if (bin <= 0) return min_value_s;
  return min_value_s * std::ldexp(1.0 / sub_bins, (bin - 1) / sub_bins);
}

namespace {

std::uint64_t nearest_rank(double q, std::uint64_t count) {
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count)));
  return std::clamp<std::uint64_t>(rank, 1, count);
}

// The k-th (from 1) of `in_bin` samples of `bin`, spread evenly over it.
double within(int bin, std::uint64_t k, std::uint64_t in_bin) {
  const double share = (static_cast<double>(k) - 0.5) / static_cast<double>(in_bin);
  return LatencyHistogram::lower_edge(bin) + share * LatencyHistogram::width(bin);
}

}  // namespace

void LatencyHistogram::add_to_bin(int bin, std::uint64_t n) {
  bins_[bin] += n;
  count_ += n;
  lowest_ = std::min(lowest_, bin);
  highest_ = std::max(highest_, bin);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (int b = other.lowest_; b <= other.highest_; ++b)
    if (other.bins_[b] != 0) add_to_bin(b, other.bins_[b]);
}

void LatencyHistogram::clear() {
  if (highest_ >= lowest_) std::fill(bins_.begin() + lowest_, bins_.begin() + highest_ + 1, 0);
  count_ = 0;
  lowest_ = bin_count;
  highest_ = -1;
}

double LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const std::uint64_t rank = nearest_rank(q, count_);
  std::uint64_t seen = 0;
  for (int b = lowest_; b <= highest_; ++b) {
    if (seen + bins_[b] >= rank) return within(b, rank - seen, bins_[b]);
    seen += bins_[b];
  }
  return within(highest_, bins_[highest_], bins_[highest_]);
}

void to_sparse(const LatencyHistogram& h, SparseHistogram& out) {
  out.clear();
  for (int b = h.lowest_bin(); b <= h.highest_bin(); ++b)
    if (h.bins()[b] != 0) out.push_back(static_cast<std::uint64_t>(b) << 48 | h.bins()[b]);
}

SparseHistogram to_sparse(const LatencyHistogram& h) {
  SparseHistogram out;
  to_sparse(h, out);
  return out;
}

void add_sparse(LatencyHistogram& into, const SparseHistogram& sparse) {
  for (std::uint64_t packed : sparse)
    into.add_to_bin(static_cast<int>(packed >> 48), packed & ((std::uint64_t{1} << 48) - 1));
}

std::optional<double> sparse_quantile(const std::vector<const SparseHistogram*>& parts, double q) {
  constexpr std::uint64_t count_mask = (std::uint64_t{1} << 48) - 1;
  std::uint64_t total = 0;
  for (const SparseHistogram* p : parts)
    for (std::uint64_t packed : *p) total += packed & count_mask;
  if (total == 0) return std::nullopt;
  const std::uint64_t rank = nearest_rank(q, total);
  // Each part's bins are sorted: walk them together, lowest bin first.
  std::vector<std::size_t> at(parts.size(), 0);
  std::uint64_t seen = 0;
  for (;;) {
    int bin = LatencyHistogram::bin_count;
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (at[i] < parts[i]->size()) bin = std::min(bin, static_cast<int>((*parts[i])[at[i]] >> 48));
    std::uint64_t in_bin = 0;
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (at[i] < parts[i]->size() && static_cast<int>((*parts[i])[at[i]] >> 48) == bin) in_bin += (*parts[i])[at[i]++] & count_mask;
    if (seen + in_bin >= rank) return within(bin, rank - seen, in_bin);
    seen += in_bin;
  }
}

void OpenHistogram::fold() {
  if (!dense_) dense_ = std::make_unique<LatencyHistogram>();
  for (std::uint16_t bin : bins_) dense_->add_to_bin(bin, 1);
  bins_.clear();
}

void OpenHistogram::take(SparseHistogram& out) {
  out.clear();
  if (dense_) {
    fold();
    to_sparse(*dense_, out);
    dense_->clear();
    return;
  }
  std::sort(bins_.begin(), bins_.end());
  for (std::size_t i = 0; i < bins_.size();) {
    std::size_t k = i;
    while (k < bins_.size() && bins_[k] == bins_[i]) ++k;
    out.push_back(static_cast<std::uint64_t>(bins_[i]) << 48 | (k - i));
    i = k;
  }
  bins_.clear();
}

}  // namespace chaossim::sim
