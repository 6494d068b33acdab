#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/histogram.hpp"
#include "sim/rng.hpp"

using chaossim::sim::LatencyHistogram;

TEST_CASE("every value maps to a bin whose midpoint is within 1% of it") {
  for (double v = 1e-6; v < 1e5; v *= 1.0137) {
    const double m = LatencyHistogram::midpoint(LatencyHistogram::bin_of(v));
    INFO(v);
    CHECK(std::abs(m - v) / v <= 0.01);
  }
}

TEST_CASE("quantiles are within 1% of the exact sample quantiles") {
  chaossim::sim::Rng rng(42);
  std::vector<double> xs;
  LatencyHistogram h;
  for (int i = 0; i < 200000; ++i) {
    const double x = std::exp(std::log(0.03) + 0.6 * rng.normal());  // a lognormal around 30 ms
    xs.push_back(x);
    h.add(x);
  }
  std::sort(xs.begin(), xs.end());
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    const double exact = xs[static_cast<std::size_t>(std::ceil(q * xs.size())) - 1];  // nearest rank
    INFO("q=" << q);
    CHECK(std::abs(h.quantile(q) - exact) / exact <= 0.01);
  }
}

TEST_CASE("sparse buckets round-trip and merge") {
  LatencyHistogram a, b;
  for (double v : {0.001, 0.002, 0.002, 5.0}) a.add(v);
  chaossim::sim::add_sparse(b, chaossim::sim::to_sparse(a));
  CHECK(b.count() == 4);
  CHECK(b.bins() == a.bins());
  b.merge(a);
  CHECK(b.count() == 8);
  CHECK(b.quantile(1.0) == Approx(5.0).epsilon(0.01));
  b.clear();
  CHECK(b.empty());
  CHECK(b.quantile(0.5) == 0);
}

TEST_CASE("values below 1 us and absurdly large ones are kept not lost") {
  LatencyHistogram h;
  h.add(0);
  h.add(1e-9);
  h.add(1e12);
  CHECK(h.count() == 3);
  CHECK(h.quantile(0.5) < 1e-6);
}
