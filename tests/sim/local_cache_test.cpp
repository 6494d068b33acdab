// A service's local cache against its closed forms: after an empty start
// (and after every restart) the calls that get through to the database
// fall as the keys come back, (1 - 1/K)^n for the n-th request over K
// uniform keys; a full LRU of C of K uniform keys hits C / K; a ttl makes
// one call per key each time it runs out.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// 100 requests a second (constant) over `keys` uniform keys to api, whose
// every request calls db unless its local cache holds the key.
reports::VariantSummary cached(int keys, const std::string& cache, const std::string& faults = "") {
  const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "local-cache", "seed": 8, "duration": "60s",
    "network": {{"latency": "0ms"}},
    "services": [{{"name": "api", "workers": 1000, "local_cache": {}, "service_time": {{"dist": "constant", "value": "0ms"}},
                   "calls": [{{"service": "db"}}]}},
                 {{"name": "db", "workers": 1000, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "keys": {{"count": {}}}, "arrival": {{"process": "constant", "rate": "100/s"}}}}],
    "faults": [{}]}})",
                                cache, keys, faults);
  return testing::run_all(testing::load_text(text))[0];
}

std::uint64_t db_calls(const reports::VariantSummary& v, std::size_t first, std::size_t last) {
  REQUIRE(v.edges.size() == 2);
  REQUIRE(v.edges[1].info.to == "db");
  std::uint64_t sum = 0;
  for (std::size_t k = first; k < last; ++k) sum += v.edge_series[1].attempts[k];
  return sum;
}

// The expected number of distinct keys among n uniform draws of K, and its variance.
double distinct_mean(double k, double n) { return k * (1 - std::pow(1 - 1 / k, n)); }
double distinct_variance(double k, double n) {
  return k * (k - 1) * std::pow(1 - 2 / k, n) + k * std::pow(1 - 1 / k, n) - k * k * std::pow(1 - 1 / k, 2 * n);
}

}  // namespace

TEST_CASE("a local cache empties with its instance's restart, and the database takes the misses as the keys come back") {
  const auto v = cached(100, "{}", R"({"kind": "crash", "at": "30s", "for": "1s", "target": "api", "mode": "refuse"})");
  // The first 300 requests miss once per distinct key among them.
  const double tolerance = 4.5 * std::sqrt(distinct_variance(100, 300)) + 1;  // + 1: a request on the bucket's edge
  CHECK(std::abs(static_cast<double>(db_calls(v, 0, 3)) - distinct_mean(100, 300)) <= tolerance);
  // Warm: every key held, no call gets through.
  CHECK(db_calls(v, 20, 30) == 0);
  // Restarted empty at 31 s: the same again (not 0, as it would be if the cache outlived its process).
  CHECK(std::abs(static_cast<double>(db_calls(v, 31, 34)) - distinct_mean(100, 300)) <= tolerance);
  // Its entries over time: 100 but while it fills, 100 x 0.99^(100 t) short
  // t seconds after an empty start (99.5 key-seconds in all, twice), and
  // while its process is down (100 for 1 s): 100 - 299 / 60 on average.
  REQUIRE(v.services[0].levels.size() == 1);
  CHECK(v.services[0].levels[0].first == "local_cache_entries");
  CHECK(v.services[0].levels[0].second == Approx(100 - (2 * 100 / (-100 * std::log(0.99)) + 100) / 60).margin(1));
}

TEST_CASE("a full LRU cache of C of K uniform keys hits C / K of the requests") {
  const auto v = cached(100, R"({"capacity": 50})");
  // 40 s at 100 a second, each a miss with probability 1/2.
  const double n = 4000;
  CHECK(std::abs(static_cast<double>(db_calls(v, 20, 60)) - n / 2) <= 4.5 * std::sqrt(n * 0.25));
}

TEST_CASE("a cached answer is good for its ttl: one key, one call each time it runs out") {
  // Stored 1 ms after each miss; the requests every 10 ms hit while the
  // answer is under 10 s old: misses at 0, 10.01, 20.02, ... 50.05 s.
  const auto v = cached(1, R"({"ttl": "10s"})");
  CHECK(db_calls(v, 0, 60) == 6);
}

TEST_CASE("local_cache takes what it is said to") {
  const auto with = [](const std::string& extra) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "1s",
      "services": [{{"name": "api" {}, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "1/s"}}}}]}})",
                       extra);
  };
  CHECK(testing::load_errors(with(R"(, "local_cache": {"capacity": 500, "ttl": "30s"})")).empty());
  CHECK_THAT(testing::load_errors(with(R"(, "local_cache": {"capacity": 0})")), Catch::Contains("$.services[0].local_cache.capacity"));
  CHECK_THAT(testing::load_errors(with(R"(, "local_cache": {"ttl": "0s"})")), Catch::Contains("$.services[0].local_cache.ttl"));
  CHECK_THAT(testing::load_errors(with(R"(, "local_cache": {"size": 5})")), Catch::Contains("$.services[0].local_cache.size"));
}
