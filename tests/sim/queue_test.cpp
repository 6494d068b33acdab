// Queues: a consumer of fixed speed mu fed at lambda < mu, out for T, comes
// back to a backlog of lambda T and drains it in lambda T / (mu - lambda);
// a message is acknowledged once or, after max_deliveries failed deliveries,
// dead-lettered once, never both; a full queue refuses its producers.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// One consumer of `service_ms` per message; the producer sends `arrival`.
std::string queue_scenario(const std::string& arrival, const std::string& consumer, const std::string& faults = "",
                           const std::string& queue = R"("capacity": 100000, "visibility_timeout": "1s", "max_deliveries": 3)",
                           int concurrency = 1) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "q", "seed": 8, "duration": "100s", "warmup": "0s",
    "network": {{"latency": "0ms"}},
    "services": [
      {{"name": "orders", "kind": "queue", {}, "consumers": [{{"service": "worker", "poll_interval": "100ms", "concurrency": {}}}]}},
      {{"name": "worker", {}}}],
    "clients": [{{"name": "shop", "target": "orders", "arrival": {}}}],
    "faults": [{}]}})",
                     queue, concurrency, consumer, arrival, faults);
}

}  // namespace

TEST_CASE("a consumer back from an outage drains the backlog in backlog / (mu - lambda)") {
  // lambda = 50/s, mu = 100/s (10 ms a message), out from 20 s to 40 s: 1,000 messages, drained in 20 s.
  const auto v = testing::run_all(testing::load_text(queue_scenario(
      R"({"process": "constant", "rate": "50/s"})", R"("workers": 1, "service_time": {"dist": "constant", "value": "10ms"})",
      R"({"kind": "crash", "at": "20s", "for": "20s", "target": "worker", "mode": "refuse"})")))[0];
  const auto& orders = v.services[0];
  CHECK(orders.requests == 5000);
  CHECK(orders.rejected == 0);
  CHECK(orders.dead_letters == 0);
  CHECK(orders.successes >= 4998);  // the last one or two may still be on their way
  REQUIRE(v.faults[0].drain_s.size() == 1);
  CHECK(v.faults[0].drain_s[0].first == "orders");
  REQUIRE(v.faults[0].drain_s[0].second);
  CHECK(*v.faults[0].drain_s[0].second == Approx(1000.0 / (100 - 50)));
  // The backlog at its height: bucket 39's mean of visible messages is 50 x
  // 19.5, give or take the one in service when the crash came (reset, it is visible again a second later).
  CHECK(v.service_series[0].mean_queue[39] == Approx(975.0).margin(1));
  // Producers never noticed: the broker took every message.
  CHECK(v.clients[0].availability == 1.0);
}

TEST_CASE("a message that keeps failing is dead-lettered once, after max_deliveries") {
  const auto v = testing::run_all(testing::load_text(queue_scenario(
      R"({"process": "constant", "rate": "0.001/s", "bursts": [{"at": "1s", "requests": 10}]})",
      R"("workers": 10, "errors": 1.0, "service_time": {"dist": "constant", "value": "10ms"})")))[0];
  const auto& orders = v.services[0];
  CHECK(orders.dead_letters == 10);
  CHECK(orders.redelivered == 20);  // two more deliveries each
  CHECK(orders.failures == 30);     // every delivery went unacknowledged
  CHECK(orders.successes == 0);
  CHECK(v.services[1].requests == 30);
  CHECK(v.edges.back().info.consumer_of == 0);
  CHECK(v.edges.back().calls == 30);
}

TEST_CASE("every message is acknowledged once or dead-lettered once, never both") {
  // A consumer failing half its deliveries: a message dies with probability
  // 0.5^3. The load stops at 80 s: by the end every message has settled.
  const auto v = testing::run_all(testing::load_text(queue_scenario(
      R"({"process": "poisson", "profile": {"interpolation": "step", "points": [{"at": "0s", "rate": "100/s"}, {"at": "80s", "rate": "0/s"}]}})",
      R"("workers": 100, "errors": 0.5, "service_time": {"dist": "exponential", "mean": "10ms"})", "",
      R"("capacity": 100000, "visibility_timeout": "1s", "max_deliveries": 3)", 100)))[0];
  const auto& orders = v.services[0];
  const double n = static_cast<double>(orders.requests);
  CHECK(orders.successes + orders.dead_letters == orders.requests);
  CHECK(std::abs(static_cast<double>(orders.dead_letters) / n - 0.125) < 4 * std::sqrt(0.125 * 0.875 / n));
  // Deliveries: each message's first, then one per failure not yet its last.
  CHECK(orders.redelivered == orders.failures - orders.dead_letters);
}

TEST_CASE("a full queue refuses its producers at once") {
  const auto v = testing::run_all(testing::load_text(queue_scenario(
      R"({"process": "constant", "rate": "10/s"})", R"("workers": 1, "service_time": {"dist": "constant", "value": "10ms"})",
      R"({"kind": "crash", "at": "0s", "for": "100s", "target": "worker", "mode": "refuse"})",
      R"("capacity": 25)")))[0];
  CHECK(v.services[0].rejected == v.services[0].requests - 25);
  CHECK(v.clients[0].successes == 25);
  CHECK(v.clients[0].unavailable == v.clients[0].requests - 25);
}

TEST_CASE("queue mistakes name their place and what was expected") {
  const auto errors = [](const std::string& services, const std::string& faults = "") {
    return scenarios::load_scenario_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "q", "duration": "10s",
      "services": [{}, {{"name": "w", "service_time": {{"dist": "constant", "value": "1ms"}}}}],
      "clients": [{{"name": "c", "target": "q", "arrival": {{"process": "poisson", "rate": "1/s"}}}}], "faults": [{}]}})",
                                                     services, faults),
                                         "q.json")
        .errors;
  };
  CHECK(testing::mentions(errors(R"({"name": "q", "kind": "queue", "consumers": [{"service": "w"}]})"), "$.services[0].capacity",
                 "missing required key"));
  CHECK(testing::mentions(errors(R"({"name": "q", "kind": "queue", "capacity": 5, "workers": 3, "consumers": [{"service": "w"}]})"),
                 "$.services[0].workers", "a queue does no work of its own"));
  CHECK(testing::mentions(errors(R"({"name": "q", "kind": "queue", "capacity": 5, "consumers": [{"service": "x"}]})"),
                 "$.services[0].consumers[0].service", "unknown service \"x\""));
  CHECK(testing::mentions(errors(R"({"name": "q", "kind": "queue", "capacity": 5, "consumers": [{"service": "q"}]})"),
                 "$.services[0].consumers[0].service", "is a queue"));
  CHECK(testing::mentions(errors(R"({"name": "q", "kind": "queue", "capacity": 5, "consumers": [{"service": "w"}]})",
                        R"({"kind": "crash", "at": "1s", "for": "1s", "target": "q"})"),
                 "$.faults[0].target", "is a queue"));
  CHECK(testing::mentions(errors(R"({"name": "q", "capacity": 5, "service_time": {"dist": "constant", "value": "1ms"}})"),
                 "$.services[0].capacity", "only a queue"));
}

TEST_CASE("the ecommerce example: the queue shields checkout from fulfilment's outage") {
  const auto set = *scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/ecommerce.json").scenarios;
  const auto runs = testing::run_all(set);
  REQUIRE(runs.size() == 2);
  const auto& queued = runs[0];
  const auto& sync = runs[1];
  CHECK(queued.slo_met());
  CHECK(*queued.faults[0].availability > 0.99);
  REQUIRE(queued.faults[0].drain_s.size() == 1);
  REQUIRE(queued.faults[0].drain_s[0].second);
  CHECK(*queued.faults[0].drain_s[0].second < 30);  // 1,200 orders at 140 a second, give or take the failed tries
  const auto& orders = queued.services[3];
  CHECK(orders.dead_letters > 0);
  CHECK(orders.redelivered > 0);
  CHECK(orders.successes + orders.dead_letters <= orders.requests);
  // Called within checkout, fulfilment's minute away fails the checkouts of that minute.
  CHECK(*sync.faults[0].availability < 0.05);
  CHECK_FALSE(sync.slo_met());
  // Endpoints: product pages wait behind nobody's checkout payments; the status probe stays under a millisecond.
  CHECK(queued.services[0].endpoints[1].name == "GET /status");
  CHECK(queued.services[0].endpoints[1].success_latency->p99_ms < 1);
}
