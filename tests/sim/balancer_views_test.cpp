// Balancing as callers do it, in a run: weights against two M/M/1 queues'
// closed form, and each caller instance on its own partial view between the
// shared oracle (join the shortest queue) and random splitting.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reports/statistics.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

TEST_CASE("weighted random splits Poisson arrivals into two M/M/1 queues at the weights' shares") {
  // 120/s over two instances of one 10 ms exponential worker, weights 2 and
  // 1: M/M/1 at 80/s and at 40/s, E[T] = 2/3 / (100 - 80) + 1/3 / (100 - 40).
  const auto text = R"({"schema": "chaossim/scenario/v1", "name": "weighted", "seed": 5,
    "duration": "110s", "warmup": "10s", "replications": 8,
    "services": [{"name": "s", "instances": 2, "balancer": "random", "weights": [2, 1],
                  "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "s", "arrival": {"process": "poisson", "rate": "120/s"}}]})";
  std::vector<double> means;
  for (const auto& v : testing::run_each_replication(testing::load_text(text))) means.push_back(v.services[0].latency.mean_ms);
  testing::check_within_ci99(means, 1000 * (2.0 / 3 / 20 + 1.0 / 3 / 60));
}

namespace {

// 20 api instances, each with its own client, call 10 db instances of one
// 10 ms exponential worker at 90% load (no network delay, api does no work):
// the db's mean response per replication, in service times.
std::vector<double> db_responses(int api_instances, const std::string& balancer, const std::string& view) {
  const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "views", "seed": 13,
    "duration": "70s", "warmup": "10s", "replications": 4,
    "services": [
      {{"name": "api", "instances": {}, "workers": 1000, "service_time": {{"dist": "constant", "value": "0ms"}},
        "calls": [{{"service": "db"}}]}},
      {{"name": "db", "instances": 10, "balancer": "{}", "balancer_view": "{}",
        "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "900/s"}}}}]}})",
                                api_instances, balancer, view);
  std::vector<double> out;
  for (const auto& v : testing::run_each_replication(testing::load_text(text))) out.push_back(v.services[1].latency.mean_ms / 10);
  return out;
}

}  // namespace

TEST_CASE("callers balancing on their own views do worse than the shared oracle and better than random") {
  const auto oracle = db_responses(20, "least_outstanding", "shared");
  const auto own = db_responses(20, "least_outstanding", "caller_instance");
  const auto random = db_responses(20, "random", "caller_instance");
  INFO(fmt::format("shared view {:.3f}, own views {:.3f}, random {:.3f} service times", reports::mean(oracle), reports::mean(own),
                   reports::mean(random)));
  // Random splitting is an M/M/1 at 0.9 whatever the views: 10 service times.
  testing::check_within_ci99(random, 10);
  const double own_half_width = reports::mean_ci_half_width(own, 0.99);
  CHECK(reports::mean(oracle) + reports::mean_ci_half_width(oracle, 0.99) < reports::mean(own) - own_half_width);
  CHECK(reports::mean(own) + own_half_width < reports::mean(random) - reports::mean_ci_half_width(random, 0.99));
}

TEST_CASE("with one caller instance its own view is the shared one") {
  const auto own = db_responses(1, "least_outstanding", "caller_instance");
  const auto shared = db_responses(1, "least_outstanding", "shared");
  CHECK(own == shared);
}

namespace {

// 1,000 calls a second, at random over two db instances; every call to
// instance 1 fails (an errors fault on it alone), so the failures in a
// second are its share. It crashes from 20 s to 30 s.
reports::VariantSummary restarted_instance(const std::string& mode, const std::string& slow_start) {
  const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "slow-start", "seed": 17, "duration": "60s",
    "services": [{{"name": "db", "instances": 2, "workers": 100, "balancer": "random" {},
                   "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "db", "arrival": {{"process": "constant", "rate": "1000/s"}}}}],
    "faults": [{{"kind": "errors", "at": "0s", "for": "60s", "target": "db", "rate": 1.0, "instances": [1]}},
               {{"kind": "crash", "at": "20s", "for": "10s", "target": "db", "mode": "{}", "instances": [1]}}]}})",
                                slow_start, mode);
  return testing::run_all(testing::load_text(text))[0];
}

std::uint64_t failures_between(const reports::VariantSummary& v, std::size_t first, std::size_t last) {
  std::uint64_t sum = 0;
  for (std::size_t k = first; k < last; ++k) sum += v.client_series[0].failures[k];
  return sum;
}

}  // namespace

TEST_CASE("slow start: an instance back from a crash takes its share as (age / window)^(1 / aggression) grows") {
  for (const std::string mode : {"refuse", "blackhole"}) {
    INFO(mode);
    const auto plain = restarted_instance(mode, "");
    const auto slow = restarted_instance(mode, R"(, "slow_start": {"window": "20s"})");
    REQUIRE(slow.client_series[0].failures.size() == 60);
    // Before the crash neither instance is slowed: half the calls each.
    const double before = static_cast<double>(failures_between(slow, 0, 20));
    CHECK(std::abs(before - 10000) <= 4.5 * std::sqrt(20000 * 0.25));
    // From 1 s after it (a blackhole's callers hear of their lost calls when
    // the host is back, at 30 s) to the window's end, weight
    // f(a) = max(0.1, a / 20) against 1: a share of f / (1 + f), integrated.
    double expected = 0;
    constexpr int steps = 19000;
    for (int k = 0; k < steps; ++k) {
      const double f = std::max(0.1, (1 + 19.0 * (k + 0.5) / steps) / 20);
      expected += 1000.0 * 19 / steps * f / (1 + f);
    }
    const double after = static_cast<double>(failures_between(slow, 31, 50));
    const double tolerance = 4.5 * std::sqrt(19000 * 0.25);
    INFO("after the crash: " << after << " calls to the restarted instance, slow start's share " << expected
                             << ", without slow start " << failures_between(plain, 31, 50));
    CHECK(std::abs(after - expected) <= tolerance);
    CHECK(static_cast<double>(failures_between(plain, 31, 50)) == Approx(9500).margin(tolerance));
    // And after the window, half again.
    CHECK(static_cast<double>(failures_between(slow, 50, 60)) == Approx(5000).margin(4.5 * std::sqrt(10000 * 0.25)));
  }
}

TEST_CASE("views, weights and slow start take what they are said to") {
  const auto with = [](const std::string& extra) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "1s",
      "services": [{{"name": "api", "instances": 3 {}, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "1/s"}}}}]}})",
                       extra);
  };
  CHECK(testing::load_errors(with(R"(, "balancer_view": "shared", "weights": [2, 1.5], "slow_start": {"window": "30s", "aggression": 2, "min_weight_percent": 5})"))
            .empty());
  CHECK_THAT(testing::load_errors(with(R"(, "balancer_view": "global")")),
             Catch::Contains("$.services[0].balancer_view") && Catch::Contains("caller_instance"));
  CHECK_THAT(testing::load_errors(with(R"(, "weights": [])")), Catch::Contains("$.services[0].weights") && Catch::Contains("positive"));
  CHECK_THAT(testing::load_errors(with(R"(, "weights": [1, 0])")), Catch::Contains("$.services[0].weights[1]") && Catch::Contains("above 0"));
  CHECK_THAT(testing::load_errors(with(R"(, "weights": [1, "2"])")), Catch::Contains("$.services[0].weights[1]"));
  CHECK_THAT(testing::load_errors(with(R"(, "slow_start": {"aggression": 1})")), Catch::Contains("$.services[0].slow_start.window"));
  CHECK_THAT(testing::load_errors(with(R"(, "slow_start": {"window": "10s", "aggression": 0})")),
             Catch::Contains("$.services[0].slow_start.aggression"));
  CHECK_THAT(testing::load_errors(with(R"(, "slow_start": {"window": "10s", "min_weight_percent": 120})")),
             Catch::Contains("$.services[0].slow_start.min_weight_percent"));
  CHECK_THAT(testing::load_errors(with(R"(, "slow_start": {"window": "10s", "ramp": 1})")), Catch::Contains("$.services[0].slow_start.ramp"));
}
