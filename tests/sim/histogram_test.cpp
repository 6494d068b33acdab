#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
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

// The guarantee the outputs state (README, "Latency figures"): a quantile is
// the midpoint of the bin holding the nearest-rank sample, so it is within
// 1/128 of the exact quantile (half a bin of 1/64 of an octave), or within
// 0.5 us below 1 us; merging histograms adds bin counts and loses nothing,
// so the bound holds for a bucket and for any pool of buckets and runs.
namespace {

bool within_stated_error(double estimate, double exact) {
  return std::abs(estimate - exact) <= std::max(exact / 128, 0.5e-6) * (1 + 1e-12);
}

double exact_quantile(std::vector<double> xs, double q) {
  std::sort(xs.begin(), xs.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size()))));
  return xs[rank - 1];
}

}  // namespace

TEST_CASE("per-bucket and pooled quantiles are within the stated 1/128 of the exact ones, whatever the distribution") {
  chaossim::sim::Rng rng(7);
  const std::vector<std::pair<const char*, std::function<double()>>> distributions{
      {"exponential 10 ms", [&] { return -0.010 * std::log(1 - rng.uniform()); }},
      {"lognormal, heavy", [&] { return std::exp(std::log(0.02) + 1.5 * rng.normal()); }},
      {"pareto 1.1 from 1 ms", [&] { return 0.001 / std::pow(1 - rng.uniform(), 1 / 1.1); }},
      {"bimodal: 50 us or 2 s", [&] { return rng.uniform() < 0.9 ? 50e-6 * (1 + rng.uniform()) : 2.0 * (1 + rng.uniform()); }},
      {"sub-microsecond refusals", [&] { return rng.uniform() * 2e-6; }},
  };
  for (const auto& [name, draw] : distributions) {
    INFO(name);
    // 3 runs of 40 buckets, a few hundred samples each: pooled as the summary pools them.
    std::vector<double> all;
    LatencyHistogram pooled;
    for (int run = 0; run < 3; ++run) {
      for (int bucket = 0; bucket < 40; ++bucket) {
        std::vector<double> xs;
        LatencyHistogram h;
        for (int i = 0; i < 300; ++i) {
          xs.push_back(draw());
          h.add(xs.back());
        }
        chaossim::sim::add_sparse(pooled, chaossim::sim::to_sparse(h));
        all.insert(all.end(), xs.begin(), xs.end());
        if (bucket % 10 == 0)
          for (double q : {0.5, 0.95, 0.99, 1.0}) CHECK(within_stated_error(h.quantile(q), exact_quantile(xs, q)));
      }
    }
    for (double q : {0.001, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
      INFO("q=" << q);
      CHECK(within_stated_error(pooled.quantile(q), exact_quantile(all, q)));
    }
  }
}
