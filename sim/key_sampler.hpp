#pragma once
// Request keys for a client: drawn from `count` keys with Zipf exponent `s`
// (0 = uniform) when the scenario gives `keys`; otherwise each request gets a
// key of its own, marked by the top bit so that caches skip it.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/rng.hpp"

namespace chaossim::sim {

class KeySampler {
 public:
  static constexpr std::uint64_t unique_bit = std::uint64_t{1} << 63;

  explicit KeySampler(const std::optional<scenarios::Keys>& keys) {
    if (!keys) return;
    // P(rank k) proportional to 1 / k^s; the cumulative table is searched.
    cumulative_.resize(static_cast<std::size_t>(keys->count));
    double total = 0;
    for (std::size_t k = 0; k < cumulative_.size(); ++k) cumulative_[k] = total += std::pow(static_cast<double>(k + 1), -keys->zipf);
    for (double& c : cumulative_) c /= total;
  }

  std::uint64_t next(Rng& rng) {
    if (cumulative_.empty()) return unique_bit | next_unique_++;
    const auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), rng.uniform());
    return static_cast<std::uint64_t>(std::min<std::ptrdiff_t>(it - cumulative_.begin(), static_cast<std::ptrdiff_t>(cumulative_.size()) - 1));
  }

 private:
  std::vector<double> cumulative_;
  std::uint64_t next_unique_ = 0;
};

}  // namespace chaossim::sim
