#pragma once
// What a person can read of a long series: at most `most_points` points. Up
// to that many buckets, every bucket is a point; beyond, the buckets go in
// groups of `every`, and each group gives two points, its lowest and its
// highest value, in the order they came (min/max downsampling), so that a
// one-bucket spike in a simulated week is still drawn at its height.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

namespace chaossim::reports {

inline constexpr std::size_t most_points = 2000;

// Buckets per group: 1 keeps every bucket.
inline std::size_t buckets_per_group(std::size_t buckets) {
  return buckets <= most_points ? 1 : (buckets + most_points / 2 - 1) / (most_points / 2);
}

// Where each point of a series of `buckets` buckets in groups of `every`
// starts: a bucket's start, or a group's start and middle.
std::vector<double> point_starts(std::size_t buckets, std::size_t every, double bucket_s, double duration_s);

namespace thinning_detail {
inline bool present(const std::optional<double>& v) { return v.has_value(); }
inline double value_of(const std::optional<double>& v) { return *v; }
template <class T>
bool present(const T&) { return true; }
template <class T>
double value_of(const T& v) { return static_cast<double>(v); }
}  // namespace thinning_detail

// Replaces the last `n` values of `series` (a whole group) by its lowest and
// highest, in time order; two empty values when none has one.
template <class T>
void thin_last(std::vector<T>& series, std::size_t n) {
  using namespace thinning_detail;
  if (series.size() < n) return;  // a series this subject does not keep (empty)
  const std::size_t first = series.size() - n;
  std::optional<std::size_t> low, high;
  for (std::size_t i = first; i < series.size(); ++i) {
    if (!present(series[i])) continue;
    if (!low || value_of(series[i]) < value_of(series[*low])) low = i;
    if (!high || value_of(series[i]) > value_of(series[*high])) high = i;
  }
  T a{}, b{};
  if (low) {
    a = series[std::min(*low, *high)];
    b = series[std::max(*low, *high)];
  }
  series.resize(first);
  series.push_back(a);
  series.push_back(b);
}

}  // namespace chaossim::reports
