// Call probabilities, repeats and parallel fan-outs with a quorum, each
// against a closed form: the fraction of requests making a call is binomial;
// a sequence of n exponential calls has mean n m; n in parallel, waited for
// all, the mean of the maximum of n exponentials, m (1 + 1/2 + ... + 1/n);
// the k-th of n, m (1/n + ... + 1/(n - k + 1)). Tolerances: 4 standard errors
// of the mean, from each closed form's variance.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// front (1 ms, then its call) -> back (exponential, mean 10 ms); no network delay, no queueing.
std::string fan_out(const std::string& call, const std::string& back_extra = "", const std::string& rate = "200/s") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "branches", "seed": 3, "duration": "100s",
    "services": [
      {{"name": "front", "workers": 10000, "service_time": {{"dist": "constant", "value": "1ms"}}, "calls": [{}]}},
      {{"name": "back", "workers": 10000, {} "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "c", "target": "front", "arrival": {{"process": "poisson", "rate": "{}"}}}}]}})",
                     call, back_extra, rate);
}

double harmonic(int from, int to) {
  double h = 0;
  for (int i = from; i <= to; ++i) h += 1.0 / i;
  return h;
}

double harmonic_squares(int from, int to) {
  double h = 0;
  for (int i = from; i <= to; ++i) h += 1.0 / (static_cast<double>(i) * i);
  return h;
}

// Front's mean latency against 1 ms + m x `mean_units`, within 4 standard errors (m = 10 ms).
void check_mean(const reports::VariantSummary& v, double mean_units, double variance_units) {
  const double n = static_cast<double>(v.services[0].requests);
  const double expected = 1 + 10 * mean_units;
  const double tolerance = 4 * 10 * std::sqrt(variance_units / n);
  INFO("front mean " << v.services[0].latency.mean_ms << " ms, expected " << expected << " +- " << tolerance);
  CHECK(std::abs(v.services[0].latency.mean_ms - expected) < tolerance);
}

}  // namespace

TEST_CASE("a call made with probability p is made for that fraction of requests") {
  const auto v = testing::run_all(testing::load_text(fan_out(R"({"service": "back", "probability": 0.3})")))[0];
  const double n = static_cast<double>(v.services[0].requests);
  const double made = static_cast<double>(v.services[1].requests) / n;
  CHECK(std::abs(made - 0.3) < 4 * std::sqrt(0.3 * 0.7 / n));
  CHECK(v.edges[1].calls == v.services[1].requests);
  CHECK(v.clients[0].availability == 1.0);
}

TEST_CASE("a call repeated n times in sequence takes n service times") {
  const auto v = testing::run_all(testing::load_text(fan_out(R"({"service": "back", "repeat": 3})")))[0];
  check_mean(v, 3, 3);
  CHECK(v.services[1].requests >= 3 * v.services[0].requests - 3 * 3);  // the last few may still be in flight
}

TEST_CASE("n parallel calls waited for all take the maximum of n service times") {
  const auto v = testing::run_all(testing::load_text(fan_out(R"({"service": "back", "repeat": 4, "parallel": true})")))[0];
  check_mean(v, harmonic(1, 4), harmonic_squares(1, 4));
}

TEST_CASE("a quorum read of k of n takes the k-th fastest of n") {
  const auto v = testing::run_all(testing::load_text(fan_out(R"({"service": "back", "repeat": 3, "parallel": true, "quorum": 2})")))[0];
  // The 2nd of 3 exponentials: m (1/3 + 1/2), variance m^2 (1/9 + 1/4).
  check_mean(v, harmonic(2, 3), harmonic_squares(2, 3));
  // The slowest of each three is abandoned by the caller, not by the callee: it still does the work.
  CHECK(v.edges[1].sent >= 3 * v.services[0].requests);
}

TEST_CASE("a quorum fails the request once too many of its calls failed") {
  // Each call fails with 0.3: 2 of 3 succeed unless 2 or 3 fail, P = 3 (0.3^2)(0.7) + 0.3^3 = 0.216.
  const auto v = testing::run_all(testing::load_text(
      fan_out(R"({"service": "back", "repeat": 3, "parallel": true, "quorum": 2})", R"("errors": 0.3,)")))[0];
  const double n = static_cast<double>(v.clients[0].requests);
  const double p_fail = 3 * 0.09 * 0.7 + 0.027;
  CHECK(std::abs((1 - v.clients[0].availability) - p_fail) < 4 * std::sqrt(p_fail * (1 - p_fail) / n));
  CHECK(v.services[0].failures == v.clients[0].failures);
}

TEST_CASE("an optional parallel step that misses its quorum is ignored") {
  const auto v = testing::run_all(testing::load_text(fan_out(
      R"({"service": "back", "repeat": 3, "parallel": true, "quorum": 3, "optional": true})", R"("errors": 0.5,)")))[0];
  CHECK(v.clients[0].availability == 1.0);
  CHECK(v.services[1].failures > 0);
}

TEST_CASE("parallel calls refused at once settle the step after all are sent") {
  // A rate limiter refuses within start(): every call of the step may end before the next is sent.
  const auto v = testing::run_all(testing::load_text(fmt::format(
      R"({{"schema": "chaossim/scenario/v1", "name": "refused", "seed": 3, "duration": "20s",
    "pipelines": {{"limited": {{"rate_limiter": {{"kind": "token_bucket", "rate": "50/s", "burst": 5}}}}}},
    "services": [
      {{"name": "front", "workers": 10000, "service_time": {{"dist": "constant", "value": "1ms"}},
        "calls": [{{"service": "back", "pipeline": "limited", "repeat": 4, "parallel": true, "quorum": 2}}]}},
      {{"name": "back", "workers": 10000, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "front", "arrival": {{"process": "constant", "rate": "100/s"}}}}]}})")))[0];
  const auto& c = v.clients[0];
  CHECK(c.successes + c.failures == c.requests);
  // Each request is answered once: a step settled twice would answer twice.
  const auto& front = v.services[0];
  INFO("front: " << front.requests << " requests, " << front.successes << " successes, " << front.failures << " failures");
  CHECK(front.successes + front.failures <= front.requests);
  CHECK(front.successes + front.failures + 5 >= front.requests);
  CHECK(v.edges[1].sent == 4 * front.requests);
  // 50 calls a second pass the limiter, 400 are made: at most 25 requests a second can get 2 of 4.
  CHECK(c.successes <= 20 * 25 + 5);
  CHECK(c.successes > 0);
  CHECK(c.failures > 0);
}

TEST_CASE("a quorum needs parallel calls and at most as many as are made") {
  const auto bad = [](const std::string& call) {
    auto r = scenarios::load_scenario_text(fan_out(call), "t.json");
    REQUIRE(r.errors.size() == 1);
    return r.errors.front();
  };
  auto e = bad(R"({"service": "back", "repeat": 3, "quorum": 2})");
  CHECK(e.path == "$.services[0].calls[0].quorum");
  CHECK_THAT(e.message, Catch::Contains("without \"parallel\": true"));
  e = bad(R"({"service": "back", "repeat": 3, "parallel": true, "quorum": 4})");
  CHECK_THAT(e.message, Catch::Contains("expected at most \"repeat\" (3)"));
  e = bad(R"({"service": "back", "probability": 1.5})");
  CHECK(e.path == "$.services[0].calls[0].probability");
}

TEST_CASE("one of weighted alternatives is chosen in proportion to its weight, each an edge of its own") {
  const auto v = testing::run_all(testing::load_text(
      R"({"schema": "chaossim/scenario/v1", "name": "one-of", "seed": 8, "duration": "100s",
    "services": [
      {"name": "front", "workers": 1000, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"one_of": [{"service": "a", "weight": 3}, {"service": "b", "weight": 1, "probability": 0.5}]}, {"service": "c"}]},
      {"name": "a", "workers": 1000, "service_time": {"dist": "constant", "value": "1ms"}},
      {"name": "b", "workers": 1000, "service_time": {"dist": "constant", "value": "1ms"}},
      {"name": "c", "workers": 1000, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "cl", "target": "front", "arrival": {"process": "poisson", "rate": "200/s"}}]})"))[0];
  const double n = static_cast<double>(v.services[0].requests);
  const double to_a = static_cast<double>(v.services[1].requests) / n, to_b = static_cast<double>(v.services[2].requests) / n;
  CHECK(std::abs(to_a - 0.75) < 4 * std::sqrt(0.75 * 0.25 / n));
  // b's alternative is taken a quarter of the time, and then made half of the time.
  CHECK(std::abs(to_b - 0.125) < 4 * std::sqrt(0.125 * 0.875 / n));
  // Every request goes on to the next step, whichever alternative it took.
  CHECK(static_cast<double>(v.services[3].requests) >= n - 5);
  REQUIRE(v.edges.size() == 4);  // the client's, front->a, front->b, front->c
  CHECK(v.edges[1].info.to == "a");
  CHECK(v.edges[2].info.to == "b");
  CHECK(v.edges[3].info.to == "c");
}

TEST_CASE("alternatives need weights, two or more of them, and are named by their place in the one_of") {
  const auto errors = [](const std::string& calls) {
    auto r = scenarios::load_scenario_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "t", "duration": "10s",
    "services": [{{"name": "front", "service_time": {{"dist": "constant", "value": "1ms"}}, "calls": {}}},
                 {{"name": "back", "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "front", "arrival": {{"process": "poisson", "rate": "1/s"}}}}]}})",
                                                               calls),
                                                   "t.json");
    REQUIRE(r.errors.size() == 1);
    return r.errors.front();
  };
  auto e = errors(R"([{"service": "back"}, {"one_of": [{"service": "back", "weight": 1}, {"service": "bakc", "weight": 2}]}])");
  CHECK(e.path == "$.services[0].calls[1].one_of[1].service");
  CHECK_THAT(e.message, Catch::Contains("did you mean \"back\""));
  e = errors(R"([{"one_of": [{"service": "back", "weight": 1}, {"service": "back"}]}])");
  CHECK(e.path == "$.services[0].calls[0].one_of[1].weight");
  e = errors(R"([{"service": "back", "weight": 2}])");
  CHECK(e.path == "$.services[0].calls[0].weight");
  e = errors(R"([{"one_of": [{"service": "back", "weight": 1}]}])");
  CHECK_THAT(e.message, Catch::Contains("at least two alternative calls"));
  e = errors(R"([{"one_of": [{"service": "back", "weight": 1}, {"one_of": []}]}])");
  CHECK_THAT(e.message, Catch::Contains("a one_of inside a one_of"));
}

TEST_CASE("a thousand sequential repeats refused at once go through without exhausting the stack") {
  // Each refusal ends its call within start(), and the next repeat starts from there: 1,000 levels deep.
  const auto v = testing::run_all(testing::load_text(fmt::format(
      R"({{"schema": "chaossim/scenario/v1", "name": "deep", "seed": 3, "duration": "5s",
    "pipelines": {{"limited": {{"rate_limiter": {{"kind": "token_bucket", "rate": "1/s", "burst": 1}}}}}},
    "services": [
      {{"name": "front", "workers": 100, "service_time": {{"dist": "constant", "value": "1ms"}},
        "calls": [{{"service": "back", "pipeline": "limited", "repeat": 1000, "optional": true}}]}},
      {{"name": "back", "workers": 100, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "front", "arrival": {{"process": "constant", "rate": "10/s"}}}}]}})")))[0];
  CHECK(v.clients[0].availability == 1.0);
  CHECK(v.edges[1].sent == 1000 * v.clients[0].requests);  // those answered before the end
}
