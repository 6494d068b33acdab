// Faults on some instances of a service, as most gray failures are (a noisy
// neighbour, a bad disk or NIC): every kind on a service but clock takes
// `instances`, `fraction` and `pick` as crash does, and the others serve on.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// A client sending 400 requests a second, in turn to the 4 instances of api
// (round robin, 10 ms of work, 1 ms a hop): each instance serves exactly
// every fourth request.
std::string four_instances(const std::string& fault, const std::string& network = "") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "one", "seed": 5, "duration": "30s",
    "network": {{"latency": "1ms" {}}},
    "services": [{{"name": "api", "instances": 4, "workers": 100, "service_time": {{"dist": "constant", "value": "10ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "400/s"}}}}],
    "faults": [{}]}})",
                     network, fault);
}

reports::VariantSummary run(const std::string& text) { return testing::run_all(testing::load_text(text))[0]; }

}  // namespace

TEST_CASE("an error fault on one instance of four fails a quarter of the requests") {
  const auto v = run(four_instances(R"({"kind": "errors", "at": "10s", "for": "10s", "target": "api", "rate": 1.0, "instances": [2]})"));
  CHECK(*v.faults[0].availability == Approx(0.75).margin(0.001));
  CHECK(v.client_series[0].availability[5] == 1.0);
  REQUIRE(v.faults[0].occurrences.size() == 1);
  CHECK(v.faults[0].occurrences[0].instances == std::vector<int>{2});
}

TEST_CASE("latency and degradation on one instance slow a quarter of the requests, not the median") {
  // Undisturbed: 1 + 10 + 1 = 12 ms. Instance 1 sends 100 ms later.
  const auto slow_link = run(four_instances(R"({"kind": "latency", "at": "0s", "for": "30s", "target": "api", "add": "100ms", "instances": [1]})"));
  CHECK(slow_link.clients[0].latency.p50_ms == Approx(12).epsilon(1.0 / 64));
  CHECK(slow_link.clients[0].latency.p90_ms == Approx(112).epsilon(1.0 / 64));
  // Instance 0 at half speed: 20 ms of work.
  const auto slow_host = run(four_instances(
      R"({"kind": "degradation", "at": "0s", "for": "30s", "target": "api", "speed": {"from": 0.5, "to": 0.5}, "instances": 1})"));
  CHECK(slow_host.clients[0].latency.p50_ms == Approx(12).epsilon(1.0 / 64));
  CHECK(slow_host.clients[0].latency.p90_ms == Approx(22).epsilon(1.0 / 64));
  // 100 requests a second to each: 1 worker of 100 busy, 2 at half speed.
  CHECK(slow_host.services[0].utilization == Approx((3 * 1.0 + 2.0) / 4 / 100).epsilon(0.01));
}

TEST_CASE("packet loss, a black hole and a bandwidth cut hold at the instances taken") {
  // Silent loss of every message of instance 3: its quarter is lost (no
  // timeout: never answered). The last 12 ms of requests have not ended yet.
  const auto lossy = run(four_instances(
      R"({"kind": "packet_loss", "at": "0s", "for": "30s", "target": "api", "rate": 1.0, "instances": [3]})", R"(, "loss": "silent")"));
  CHECK(static_cast<double>(lossy.clients[0].requests) == Approx(0.75 * 12000).margin(6));
  CHECK(lossy.clients[0].availability == 1.0);
  const auto holed = run(four_instances(
      R"({"kind": "blackhole", "at": "0s", "for": "30s", "target": "api", "instances": 2, "pick": "random"})"));
  CHECK(static_cast<double>(holed.clients[0].requests) == Approx(0.5 * 12000).margin(2));
  REQUIRE(holed.faults[0].occurrences.size() == 1);
  CHECK(holed.faults[0].occurrences[0].instances.size() == 2);
  // Instance 0's links carry 200 kB/s: each 1 kB message takes 5 ms more, or
  // longer when two share the link; the other three answer in 12 ms.
  const auto narrow = run(four_instances(R"({"kind": "bandwidth", "at": "0s", "for": "30s", "target": "api", "bandwidth": "200kBps",
      "instances": [0]})", R"(, "model": "CM02", "bandwidth": "1GBps")"));
  CHECK(narrow.clients[0].latency.p50_ms == Approx(12).epsilon(1.0 / 64));
  CHECK(narrow.clients[0].latency.p90_ms > 21);
}

TEST_CASE("a fault on every instance says none in results, one on some says which") {
  const auto all = run(four_instances(R"({"kind": "latency", "at": "10s", "for": "10s", "target": "api", "add": "5ms"})"));
  CHECK(all.faults[0].occurrences.at(0).instances.empty());
  CHECK(all.clients[0].latency.p50_ms == Approx(12).epsilon(1.0 / 64));  // the 10 s of faults are a third of the run
  const auto half = run(four_instances(R"({"kind": "latency", "at": "10s", "for": "10s", "target": "api", "add": "5ms", "fraction": 0.5})"));
  CHECK(half.faults[0].occurrences.at(0).instances == std::vector<int>{0, 1});
}

TEST_CASE("a clock fault takes no instances: the instances share their patterns") {
  const auto loaded = scenarios::load_scenario_text(
      four_instances(R"({"kind": "clock", "at": "10s", "for": "10s", "target": "api", "skew": "5s", "instances": [1]})"), "t.json");
  REQUIRE_FALSE(loaded.scenarios);
  REQUIRE(loaded.errors.size() == 1);
  CHECK_THAT(loaded.errors[0].format(), Catch::Contains("$.faults[0].instances"));
}
