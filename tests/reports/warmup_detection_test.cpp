// MSER-5 finds where a start-up transient ends, says nothing of a series
// that is steady from the start, and owns up when a series never settles.
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "reports/warmup_detection.hpp"
#include "sim/rng.hpp"

using chaossim::reports::mser5;

namespace {

// Mean latency per bucket: `level` ms plus a transient decaying from
// `level + jump` with time constant `tau` buckets, plus AR(1) noise.
std::vector<double> series(int n, double level, double jump, double tau, std::uint64_t seed) {
  chaossim::sim::Rng rng(seed);
  std::vector<double> out;
  double noise = 0;
  for (int t = 0; t < n; ++t) {
    noise = 0.5 * noise + rng.normal();
    out.push_back(level + jump * std::exp(-t / tau) + noise);
  }
  return out;
}

}  // namespace

TEST_CASE("MSER-5 truncates where a decaying transient sinks into the noise") {
  // 40 ms above a level of 10, decaying in 20 buckets: below the noise's
  // spread (about 1.2) after 20 ln(40/1.2), some 70 buckets.
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto found = mser5(series(600, 10, 40, 20, seed));
    INFO("seed " << seed << ": truncate " << found.truncate);
    CHECK(found.determined);
    CHECK(found.truncate % 5 == 0);
    CHECK(found.truncate >= 40);
    CHECK(found.truncate <= 130);
  }
}

TEST_CASE("MSER-5 keeps nearly all of a series that is steady from the start") {
  int long_cuts = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto found = mser5(series(600, 10, 0, 1, seed));
    INFO("seed " << seed << ": truncate " << found.truncate);
    CHECK(found.determined);
    long_cuts += found.truncate > 50 ? 1 : 0;
  }
  // Noise alone sometimes makes a short prefix look unusual; rarely a long one.
  CHECK(long_cuts <= 4);
}

TEST_CASE("MSER-5 cannot tell on a series still drifting at its end, nor on a short one") {
  std::vector<double> drifting;
  for (int t = 0; t < 400; ++t) drifting.push_back(10 + 0.1 * t);
  CHECK_FALSE(mser5(drifting).determined);
  const auto short_one = mser5(series(45, 10, 40, 20, 1));
  CHECK_FALSE(short_one.determined);
  CHECK(short_one.truncate == 0);
}
