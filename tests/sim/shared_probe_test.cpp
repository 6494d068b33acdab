// A health check's `probe`: answered by a health endpoint of its own
// (`dedicated`), or by the workers that serve requests (`shared`), where it
// waits in the queue's order, so a saturated instance fails its readiness
// probe and is pulled, and its load overloads the rest (a cascade).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// One worker of 50 ms at 10 requests a second (rho 0.5), and a burst of 40
// at 10 s: the queue drains at 10 a second, by 14 s. Probes every second,
// given 200 ms, out after 2 failures in a row and back after 1 success.
std::string burst_then_probes(const std::string& probe, const std::string& discipline = "fifo") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "probe", "seed": 1, "duration": "30s",
    "network": {{"latency": "1ms"}},
    "services": [{{"name": "db", "workers": 1, "queue": 1000, "discipline": "{}",
                  "service_time": {{"dist": "constant", "value": "50ms"}}}}],
    "clients": [{{"name": "c", "target": "db", "pipeline": "p",
                 "arrival": {{"process": "constant", "rate": "10/s", "bursts": [{{"at": "10s", "requests": 40}}]}}}}],
    "pipelines": {{"p": {{"health_check": {{"interval": "1s", "timeout": "200ms", "unhealthy_after": 2, "healthy_after": 1,
                                          "probe": "{}"}}}}}}}})",
                     discipline, probe);
}

}  // namespace

TEST_CASE("a shared probe waits in the queue behind the requests before it and fails while the queue is long") {
  // The probes at 11, 12 and 13 s wait behind about 30, 20 and 10 requests
  // (1.5, 1 and 0.5 s): each fails at its 200 ms timeout, the instance is
  // out from the second failure (12.2 s) until the probe at 14 s, which
  // finds the queue drained, passes. A dedicated endpoint answers at once.
  const auto shared = testing::run_all(testing::load_text(burst_then_probes("shared")))[0];
  REQUIRE(shared.edges.size() == 1);
  const double out_s = shared.edges[0].unhealthy_mean * 30;
  CHECK(out_s > 14.0 - 12.2);
  CHECK(out_s < 14.1 - 12.2);
  const auto dedicated = testing::run_all(testing::load_text(burst_then_probes("dedicated")))[0];
  CHECK(dedicated.edges[0].unhealthy_mean == 0);
  // The requests are the same either way: the probe takes a worker for no time.
  CHECK(shared.clients[0].latency.mean_ms == dedicated.clients[0].latency.mean_ms);
}

TEST_CASE("served newest first, a shared probe is answered before the requests that came before it") {
  // LIFO: each probe is the newest when a worker frees, and passes.
  const auto lifo = testing::run_all(testing::load_text(burst_then_probes("shared", "lifo")))[0];
  CHECK(lifo.edges[0].unhealthy_mean == 0);
}

TEST_CASE("shared readiness probes turn one slow instance into a cascade that dedicated ones do not") {
  // db: 4 instances of 4 workers of 10 ms (1,600 a second), sent 1,400 a
  // second. From 20 s to 60 s one instance runs at a quarter speed: its
  // queue fills. With shared probes it fails them and is pulled; the other
  // three (1,200 a second) cannot take its share, their queues fill, their
  // probes fail, and they are pulled in turn.
  const auto run = [](const std::string& probe) {
    const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "cascade", "seed": 3, "duration": "80s",
      "network": {{"latency": "1ms"}},
      "services": [{{"name": "api", "workers": 100000, "service_time": {{"dist": "constant", "value": "1ms"}},
                    "calls": [{{"service": "db", "pipeline": "p"}}]}},
                   {{"name": "db", "instances": 4, "workers": 4, "queue": 400, "balancer": "round_robin",
                    "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "1400/s"}}}}],
      "pipelines": {{"p": {{"timeout": {{"after": "1s"}},
                          "health_check": {{"interval": "1s", "timeout": "200ms", "unhealthy_after": 2, "healthy_after": 2,
                                            "probe": "{}"}}}}}},
      "faults": [{{"kind": "degradation", "at": "20s", "for": "40s", "target": "db", "instances": [0],
                  "speed": {{"from": 0.25, "to": 0.25}}}}]}})",
                                  probe);
    return testing::run_all(testing::load_text(text))[0];
  };
  const auto dedicated = run("dedicated");
  const auto shared = run("shared");
  // The edges are c -> api, then api -> db.
  REQUIRE(dedicated.edges.size() == 2);
  REQUIRE(dedicated.edges[1].info.to == "db");
  // Dedicated endpoints answer however long the queues: nobody is pulled.
  CHECK(dedicated.edges[1].unhealthy_mean == 0);
  // Shared: on average over the 80 s, far more than the slow instance is
  // out (it alone, for the 40 s of the fault, would be 0.5; 1.2 is 2.4
  // instances of 4 out all along the fault).
  INFO("instances out on average: " << shared.edges[1].unhealthy_mean);
  CHECK(shared.edges[1].unhealthy_mean > 1.2);
  CHECK(shared.clients[0].availability < dedicated.clients[0].availability - 0.05);
}

TEST_CASE("a probe is dedicated or shared") {
  const auto with = [](const std::string& probe) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "1s",
      "services": [{{"name": "db", "service_time": {{"dist": "constant", "value": "1ms"}}}}],
      "clients": [{{"name": "c", "target": "db", "pipeline": "p", "arrival": {{"process": "poisson", "rate": "1/s"}}}}],
      "pipelines": {{"p": {{"health_check": {{"interval": "1s", "timeout": "200ms", "probe": {}}}}}}}}})",
                       probe);
  };
  CHECK(testing::load_errors(with(R"("shared")")).empty());
  CHECK(testing::load_errors(with(R"("dedicated")")).empty());
  CHECK_THAT(testing::load_errors(with(R"("pooled")")), Catch::Contains("$.pipelines.p.health_check.probe"));
}
