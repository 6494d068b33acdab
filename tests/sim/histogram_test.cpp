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

// The guarantee the outputs state (README, "Latency figures"): a quantile
// lies in the bin holding the nearest-rank sample, so it is within one bin
// (1/64 of the exact quantile at most), or within 1 us below 1 us; merging
// histograms adds bin counts and loses nothing, so the bound holds for a
// bucket and for any pool of buckets and runs.
namespace {

bool within_stated_error(double estimate, double exact) {
  return std::abs(estimate - exact) <= std::max(exact / 64, 1e-6) * (1 + 1e-12);
}

double exact_quantile(std::vector<double> xs, double q) {
  std::sort(xs.begin(), xs.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size()))));
  return xs[rank - 1];
}

}  // namespace

TEST_CASE("per-bucket and pooled quantiles are within the stated 1/64 of the exact ones, whatever the distribution") {
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

TEST_CASE("a lone sample is its bin's midpoint, a crowded bin's samples are spread over it") {
  LatencyHistogram h;
  h.add(0.0301);
  const int bin = LatencyHistogram::bin_of(0.0301);
  CHECK(h.quantile(0.5) == LatencyHistogram::midpoint(bin));
  CHECK(LatencyHistogram::lower_edge(bin) <= 0.0301);
  CHECK(LatencyHistogram::lower_edge(bin) + LatencyHistogram::width(bin) > 0.0301);
  CHECK(LatencyHistogram::lower_edge(bin + 1) == Approx(LatencyHistogram::lower_edge(bin) + LatencyHistogram::width(bin)));
  for (int i = 1; i < 4; ++i) h.add(LatencyHistogram::lower_edge(bin));  // four in one bin
  const double w = LatencyHistogram::width(bin), low = LatencyHistogram::lower_edge(bin);
  CHECK(h.quantile(0.25) == Approx(low + w / 8));
  CHECK(h.quantile(1.0) == Approx(low + 7 * w / 8));
  CHECK(LatencyHistogram::resolution_at(0.0301) == w);
}

// The reason quantiles are interpolated: rounded to a bin, the p99s of ten
// replications are a handful of values, so their spread, and the confidence
// interval made of it, shrinks or vanishes; spread over their bin they keep
// the spread of the exact p99s.
TEST_CASE("replications' interpolated p99s spread as their exact p99s do") {
  chaossim::sim::Rng rng(11);
  std::vector<double> exact, interpolated;
  for (int rep = 0; rep < 20; ++rep) {
    std::vector<double> xs;
    LatencyHistogram h;
    for (int i = 0; i < 20000; ++i) {
      xs.push_back(std::exp(std::log(0.03) + 0.3 * rng.normal()));
      h.add(xs.back());
    }
    exact.push_back(exact_quantile(xs, 0.99));
    interpolated.push_back(h.quantile(0.99));
  }
  const auto stddev = [](const std::vector<double>& v) {
    double m = 0, ss = 0;
    for (double x : v) m += x / static_cast<double>(v.size());
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
  };
  // Each estimate is within its bin of the exact one: the spreads differ by
  // far less than a bin, which here is about as wide as the spread itself.
  const double bin = LatencyHistogram::resolution_at(exact.front());
  INFO("exact sd " << stddev(exact) << ", interpolated sd " << stddev(interpolated) << ", bin " << bin);
  CHECK(std::abs(stddev(interpolated) - stddev(exact)) < 0.25 * stddev(exact));
}

TEST_CASE("a quantile of sparse histograms is the dense histogram's") {
  chaossim::sim::Rng rng(3);
  LatencyHistogram a, b, both;
  for (int i = 0; i < 5000; ++i) {
    const double x = -0.01 * std::log(1 - rng.uniform());
    (i % 3 == 0 ? a : b).add(x);
    both.add(x);
  }
  const auto sa = chaossim::sim::to_sparse(a), sb = chaossim::sim::to_sparse(b), none = chaossim::sim::SparseHistogram{};
  for (double q : {0.0, 0.1, 0.5, 0.99, 1.0}) {
    CHECK(chaossim::sim::sparse_quantile({&sa, &sb}, q) == both.quantile(q));
    CHECK(chaossim::sim::sparse_quantile({&sa, &none}, q) == a.quantile(q));
  }
  CHECK_FALSE(chaossim::sim::sparse_quantile({&none}, 0.5));
}
