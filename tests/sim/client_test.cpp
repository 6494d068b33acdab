#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reports/statistics.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {
std::string one_service(const std::string& service_extra, const std::string& client, const std::string& top = "") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "t", "seed": 9, "duration": "100s", {}
    "services": [{{"name": "api", {} "service_time": {{"dist": "constant", "value": "10ms"}}}}],
    "clients": [{}]}})",
                     top, service_extra, client);
}
}  // namespace

TEST_CASE("a constant-rate client sends exactly rate x duration requests") {
  const auto v = testing::run_all(testing::load_text(one_service(
      R"("workers": 2,)", R"({"name": "c", "target": "api", "arrival": {"process": "constant", "rate": "50/s"}})")))[0];
  // Sent at 1/50 s, 2/50 s, ...: 4999 start before 100 s; every one that ends before the end is counted.
  CHECK(v.clients[0].requests == 4999);
  CHECK(v.clients[0].latency.mean_ms == Approx(10).epsilon(1e-9));
  CHECK(v.clients[0].latency.max_ms == Approx(10).epsilon(1e-9));
}

TEST_CASE("a closed loop of N users obeys the interactive response time law X = N / (R + Z)") {
  const auto v = testing::run_all(testing::load_text(one_service(
      R"("workers": 2,)", R"({"name": "c", "target": "api", "arrival": {"process": "closed", "users": 10, "think": "100ms"}})",
      R"("replications": 6, "warmup": "10s",)")))[0];
  const auto& c = v.clients[0];
  const double predicted = 10 / (c.latency.mean_ms / 1e3 + 0.1);
  CHECK(c.throughput_rps == Approx(predicted).epsilon(0.01));
  // Never more than N requests in flight.
  CHECK(c.mean_in_flight <= 10);
}

TEST_CASE("a request not answered before the client's deadline fails at the deadline") {
  // One worker at 10 ms serves 100/s; 150/s arrive, so waits grow without bound.
  const auto v = testing::run_all(testing::load_text(one_service(
      R"("workers": 1,)", R"({"name": "c", "target": "api", "deadline": "200ms", "arrival": {"process": "constant", "rate": "150/s"}})")))[0];
  const auto& c = v.clients[0];
  CHECK(c.timeouts > 0);
  CHECK(c.failures == c.timeouts);
  CHECK(c.successes + c.failures == c.requests);
  CHECK(c.latency.max_ms <= 200);  // a late answer is not an answer
}

TEST_CASE("a ramp raises the arrival rate linearly") {
  const auto v = testing::run_all(testing::load_text(one_service(
      R"("workers": 8,)",
      R"({"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "100/s", "ramp": [{"at": "100s", "rate": "300/s"}]}})",
      R"("replications": 4,)")))[0];
  // Mean rate over 0..100 s is 200/s: about 20,000 requests per replication.
  const double per_replication = static_cast<double>(v.clients[0].requests) / 4;
  const double sd = std::sqrt(20000.0);
  CHECK(std::abs(per_replication - 20000) < 4 * sd / std::sqrt(4.0) + 10);
  // The rate at the end is three times the rate at the start.
  const auto& reqs = v.client_series[0].requests;
  const double first = static_cast<double>(reqs[0] + reqs[1] + reqs[2] + reqs[3] + reqs[4]);
  const double last = static_cast<double>(reqs[94] + reqs[95] + reqs[96] + reqs[97] + reqs[98]);
  CHECK(last / first == Approx(2.9).epsilon(0.15));
}

TEST_CASE("a service's error probability fails that fraction of requests") {
  const auto v = testing::run_all(testing::load_text(one_service(
      R"("workers": 4, "errors": 0.2,)", R"({"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "200/s"}})")))[0];
  const double n = static_cast<double>(v.clients[0].requests);
  const double sd = std::sqrt(0.2 * 0.8 / n);
  CHECK(std::abs((1 - v.clients[0].availability) - 0.2) < 4 * sd);
  CHECK(v.clients[0].errors == v.clients[0].failures);
}

TEST_CASE("balancers spread calls over instances and a failed optional call is ignored a required one is not") {
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "b", "seed": 4, "duration": "50s",
    "services": [
      {"name": "front", "workers": 50, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"service": "flaky", "optional": true}, {"service": "pool"}]},
      {"name": "flaky", "workers": 50, "errors": 1.0, "service_time": {"dist": "constant", "value": "1ms"}},
      {"name": "pool", "instances": 4, "workers": 1, "balancer": "least_outstanding",
       "service_time": {"dist": "exponential", "mean": "8ms"}}],
    "clients": [{"name": "c", "target": "front", "arrival": {"process": "poisson", "rate": "200/s"}}]})");
  const auto v = testing::run_all(set)[0];
  CHECK(v.clients[0].availability == 1.0);  // flaky always fails, but is optional
  CHECK(v.services[1].failures == v.services[1].requests);
  // 200/s over 4 single-worker instances at 8 ms: 40% each if spread evenly.
  CHECK(v.services[2].utilization == Approx(0.4).epsilon(0.05));
  CHECK(v.edges.size() == 3);
  CHECK(v.edges[1].failures == v.edges[1].calls);
  CHECK(v.edges[1].retry_amplification == 1.0);
}

TEST_CASE("network latency is paid on every hop there and back") {
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "n", "duration": "20s",
    "network": {"latency": "5ms"},
    "services": [{"name": "a", "workers": 100, "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "b"}]},
                 {"name": "b", "workers": 100, "service_time": {"dist": "constant", "value": "2ms"}}],
    "clients": [{"name": "c", "target": "a", "arrival": {"process": "poisson", "rate": "100/s"}}]})"))[0];
  // client -> a (5) + 1 + a -> b (5) + 2 + b -> a (5) + a -> client (5) = 23 ms
  CHECK(v.clients[0].latency.mean_ms == Approx(23).epsilon(1e-9));
  CHECK(v.services[0].latency.mean_ms == Approx(13).epsilon(1e-9));
}

TEST_CASE("a bandwidth-sharing network model runs the same scenario through SimGrid communications") {
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "bw", "duration": "20s",
    "network": {"model": "CM02", "latency": "2ms", "bandwidth": "1MBps", "message_bytes": 10000},
    "services": [{"name": "a", "workers": 100, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "a", "arrival": {"process": "constant", "rate": "1/s"}}]})"))[0];
  // Alone on the links, each way takes latency + size / bandwidth (SimGrid's CM02
  // keeps a 0.97 bandwidth factor... so at least 2 ms + 10 ms per hop).
  CHECK(v.clients[0].requests == 19);
  CHECK(v.clients[0].latency.mean_ms > 2 * 12);
  CHECK(v.clients[0].latency.mean_ms < 2 * 14);
}
