// A hop's latency written as a distribution is drawn afresh for every message,
// and a call's request and answer sizes take their time on the links of a
// bandwidth-sharing model.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

std::string errors_of(const std::string& text) {
  const auto loaded = scenarios::load_scenario_text(text, "test.json");
  std::string all;
  for (const auto& e : loaded.errors) all += e.format() + "\n";
  return all;
}

// c -> api, 1 ms of work, never queued: 60,000 requests over a minute.
std::string one_hop_each_way(const std::string& latency) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "hops", "seed": 5, "duration": "60s",
    "network": {{"latency": {}}},
    "services": [{{"name": "api", "workers": 1000, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "1000/s"}}}}]}})",
                     latency);
}

// Erlang-2 with mean 2m: P(T <= t) = 1 - exp(-t/m) (1 + t/m). The quantile,
// in units of m, by bisection.
double erlang2_quantile(double q) {
  double lo = 0, hi = 50;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (1 - std::exp(-mid) * (1 + mid) < q ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace

TEST_CASE("a hop latency distribution is drawn per message: two exponential hops make an Erlang-2 round trip") {
  const auto v = testing::run_all(testing::load_text(one_hop_each_way(R"({"dist": "exponential", "mean": "1ms"})")))[0];
  const auto& c = v.clients[0];
  REQUIRE(c.failures == 0);
  const double n = static_cast<double>(c.successes);
  REQUIRE(n > 59000);
  // 1 ms of work plus two independent exponential hops of mean 1 ms: mean
  // 3 ms, the round trip's standard deviation sqrt(2) ms.
  CHECK(c.latency.mean_ms == Approx(3).margin(4 * std::sqrt(2.0) / std::sqrt(n)));
  // A quantile's standard error is sqrt(q (1 - q) / n) / f(t), f the density
  // t exp(-t) at the quantile; the histogram adds at most a bin (1/64).
  for (const auto& [q, measured] : {std::pair{0.5, c.latency.p50_ms}, std::pair{0.99, c.latency.p99_ms}}) {
    const double t = erlang2_quantile(q);
    const double standard_error = std::sqrt(q * (1 - q) / n) / (t * std::exp(-t));
    INFO("q " << q << ": Erlang-2 quantile " << 1 + t << " ms, standard error " << standard_error << " ms");
    CHECK(measured == Approx(1 + t).margin(4 * standard_error + (1 + t) / 64));
  }
  // A stated latency is the same for every message: all requests take 3 ms.
  const auto fixed = testing::run_all(testing::load_text(one_hop_each_way(R"("1ms")")))[0].clients[0];
  CHECK(fixed.latency.p99_ms == Approx(3).epsilon(1.0 / 64));
  CHECK(fixed.latency.p50_ms == Approx(3).epsilon(1.0 / 64));
}

TEST_CASE("a dropped message waits the mean round trip of a drawn hop latency plus TCP's minimum RTO") {
  // Hops uniform on 0-40 ms (mean 20 ms): the RTO is 2 x 20 + 200 = 240 ms. With
  // 1% loss on api, a fraction d = 1 - 0.99^2 of the calls wait it once
  // (twice: 1e-4, ignored); the rest take at most 1 + 80 ms.
  auto text = one_hop_each_way(R"({"dist": "uniform", "min": "0ms", "max": "40ms"})");
  text.insert(text.rfind('}'), R"(, "faults": [{"kind": "packet_loss", "at": "0s", "for": "60s", "target": "api", "rate": 0.01}])");
  const auto c = testing::run_all(testing::load_text(text))[0].clients[0];
  CHECK(c.failures == 0);
  // p99 is then 1 + x + 240 ms, where the two hops' sum S (triangular on
  // 0-80 ms) exceeds x with probability 0.01 / d: 1 - x^2 / 3200 = 0.01 / d.
  const double d = 1 - 0.99 * 0.99;
  const double x = std::sqrt(3200 * (1 - 0.01 / d));
  const double expected = 1 + x + 240;
  // Its standard error: sqrt(0.99 x 0.01 / n) over the density there, d / 40 per ms.
  const double standard_error = std::sqrt(0.99 * 0.01 / static_cast<double>(c.successes)) / (d / 40);
  INFO("expected p99 " << expected << " ms, standard error " << standard_error << " ms");
  // With the links' round trip alone (0 ms) for the RTO, p99 would be 40 ms lower.
  CHECK(c.latency.p99_ms == Approx(expected).margin(4 * standard_error + expected / 64));
}

namespace {

// c -> api -> db under CM02, 0.5 ms a hop on 1 Gbps links, 10 requests a
// second: no two messages ever share a link.
std::string sized(const std::string& client_sizes, const std::string& call_sizes, const std::string& model = "CM02") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "sizes", "seed": 5, "duration": "20s",
    "network": {{"model": "{}", "latency": "0.5ms", "bandwidth": "1Gbps"}},
    "services": [
      {{"name": "api", "workers": 8, "service_time": {{"dist": "constant", "value": "1ms"}},
       "calls": [{{"service": "db" {}}}]}},
      {{"name": "db", "workers": 8, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "10/s"}} {}}}]}})",
                     model, call_sizes, client_sizes);
}

}  // namespace

TEST_CASE("a call's request and answer sizes take bytes over bandwidth on a bandwidth model's links") {
  const double bytes_per_ms = 1e9 / 8 / 1000;
  const double small = 1024 / bytes_per_ms, mebibyte = 1048576 / bytes_per_ms;  // 8.2 us, 8.389 ms
  SECTION("the network's message size for calls that give none") {
    const auto v = testing::run_all(testing::load_text(sized("", "")))[0];
    CHECK(v.clients[0].latency.mean_ms == Approx(4 * 0.5 + 2 + 4 * small).epsilon(1e-3));
    CHECK(v.warnings.size() == 1);  // one replication's; no word on sizes
  }
  SECTION("a mebibyte written to db, and a mebibyte answered to the client") {
    const auto v = testing::run_all(testing::load_text(sized(R"(, "response_bytes": 1048576)", R"(, "request_bytes": 1048576)")))[0];
    CHECK(v.clients[0].latency.mean_ms == Approx(4 * 0.5 + 2 + 2 * small + 2 * mebibyte).epsilon(1e-3));
    // api -> db: the upload, db's work, the small answer.
    CHECK(v.edges[1].latency.mean_ms == Approx(2 * 0.5 + 1 + small + mebibyte).epsilon(1e-3));
  }
  SECTION("under the constant model sizes change nothing, and the run says so") {
    const auto v = testing::run_all(testing::load_text(sized(R"(, "response_bytes": 1048576)", "", "constant")))[0];
    CHECK(v.clients[0].latency.mean_ms == Approx(4 * 0.5 + 2).epsilon(1e-6));
    REQUIRE(v.warnings.size() == 2);
    CHECK_THAT(v.warnings[1], Catch::Contains("client c gives request_bytes or response_bytes") && Catch::Contains("CM02"));
  }
}

TEST_CASE("message sizes are whole bytes, and a hop latency is a duration or a distribution") {
  auto zero = sized(R"(, "request_bytes": 0)", "");
  CHECK_THAT(errors_of(zero), Catch::Contains("$.clients[0].request_bytes"));
  auto text = sized("", R"(, "response_bytes": "1MB")");
  CHECK_THAT(errors_of(text), Catch::Contains("$.services[0].calls[0].response_bytes"));
  const auto bad_dist = one_hop_each_way(R"({"dist": "lognormal", "median": "1ms"})");
  CHECK_THAT(errors_of(bad_dist), Catch::Contains("$.network.latency.p99"));
  const auto bad_duration = one_hop_each_way(R"("fast")");
  CHECK_THAT(errors_of(bad_duration), Catch::Contains("$.network.latency"));
}
