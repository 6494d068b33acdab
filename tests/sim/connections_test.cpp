// Connection pools against their closed forms and the behaviour they stand
// for: an HTTP/1.1 pool of c is an M/M/c queue in front of its server (a
// hidden bulkhead), and with no line Erlang B's loss system; HTTP/2 streams
// on one connection are c servers the same way; a lost packet stalls every
// stream of an HTTP/2 connection until its retransmission (the mean stall
// from the last loss within an RTO of a Poisson stream), and only its own
// request on HTTP/1.1; a partition fails the line at the connect timeout,
// not the request timeout; after a crash or a partition, pools reopen
// their connections at once and the handshakes queue on the callee's CPU.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reports/statistics.hpp"
#include "tests/queueing_formulas.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// A client calling db (exponential service times of 10 ms, workers to
// spare) over `connections`, at `rate` a second, 10 replications.
std::string pooled_db(const std::string& connections, double rate, int seconds, const std::string& faults = "",
                      const std::string& latency = "0ms") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "pool", "seed": 21,
    "duration": "{}s", "warmup": "20s", "replications": 10, "network": {{"latency": "{}"}},
    "services": [{{"name": "db", "workers": 1000, "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "c", "target": "db", "arrival": {{"process": "poisson", "rate": "{}/s"}}, "connections": {}}}],
    "faults": [{}]}})",
                     seconds, latency, rate, connections, faults);
}

double level(const std::vector<std::pair<std::string, double>>& levels, const std::string& name) {
  for (const auto& [n, value] : levels)
    if (n == name) return value;
  FAIL("no level " << name);
  return 0;
}

std::vector<double> per_replication(const std::string& text, double (*figure)(const reports::VariantSummary&)) {
  std::vector<double> out;
  for (const auto& one : testing::run_each_replication(testing::load_text(text))) out.push_back(figure(one));
  return out;
}

double mean_latency_s(const reports::VariantSummary& v) { return v.clients.front().latency.mean_ms / 1e3; }

}  // namespace

TEST_CASE("an HTTP/1.1 pool of c connections is an M/M/c queue in front of a server with workers to spare") {
  // 320 a second of 10 ms on 4 connections: rho 0.8, Erlang C's 17.455 ms
  // where the server alone (M/M/infinity) answers in 10 ms.
  const auto text = pooled_db(R"({"size": 4, "handshake_cpu": "0ms"})", 320, 200);
  testing::check_within_ci99(per_replication(text, mean_latency_s), testing::mmc_response_time(320, 100, 4));
  // Those waiting for a connection: M/M/c's mean queue length.
  const double lq = testing::erlang_c(4, 3.2) * 0.8 / (1 - 0.8);
  testing::check_within_ci99(per_replication(text, [](const reports::VariantSummary& v) {
                               return level(v.edges.front().levels, "connections_waiting");
                             }),
                             lq);
}

TEST_CASE("HTTP/2 streams are the servers: max_streams c on one connection is M/M/c, the default 100 no limit at this load") {
  const auto four = pooled_db(R"({"protocol": "http2", "max_streams": 4, "handshake_cpu": "0ms"})", 320, 200);
  testing::check_within_ci99(per_replication(four, mean_latency_s), testing::mmc_response_time(320, 100, 4));
  const auto hundred = pooled_db(R"({"protocol": "http2", "handshake_cpu": "0ms"})", 320, 200);
  testing::check_within_ci99(per_replication(hundred, mean_latency_s), 0.010);
  // One connection carries them all.
  CHECK(level(testing::run_all(testing::load_text(hundred))[0].edges.front().levels, "connections_open") == Approx(1));
}

TEST_CASE("a pool with no line rejects what its connections cannot take at once: Erlang B's loss system") {
  const auto text = pooled_db(R"({"size": 4, "max_pending": 0, "handshake_cpu": "0ms"})", 320, 200);
  testing::check_within_ci99(per_replication(text,
                                             [](const reports::VariantSummary& v) {
                                               const auto& c = v.clients.front();
                                               return static_cast<double>(c.rejected) / static_cast<double>(c.requests);
                                             }),
                             testing::erlang_b(4, 3.2));
}

TEST_CASE("a lost packet stalls every stream of an HTTP/2 connection until its retransmission, and only its own request on HTTP/1.1") {
  // 200 calls a second, 0.05% of messages lost each way, 1 ms each way: an
  // RTO of 202 ms (200 ms + the round trip). A message is held until the
  // retransmission of the last one lost before it, if within an RTO: for a
  // Poisson stream of lost messages at rate r = 200 x 0.0005, rto - (1 -
  // exp(-r rto)) / r on average, rto if it is the one lost; so each way.
  // Each HTTP/1.1 request has a connection of its own: only its own loss delays it.
  const double p = 0.0005, rto = 0.202, r = 200 * p;
  const double behind = rto - (1 - std::exp(-r * rto)) / r;
  const double stall = (1 - p) * behind + p * rto;
  const std::string loss = fmt::format(R"({{"kind": "packet_loss", "at": "0s", "for": "420s", "target": "db", "rate": {}}})", p);
  const auto h2 = pooled_db(R"({"protocol": "http2", "max_streams": 1000, "handshake_cpu": "0ms"})", 200, 420, loss, "1ms");
  const auto h1 = pooled_db(R"({"size": 1000, "handshake_cpu": "0ms"})", 200, 420, loss, "1ms");
  const double base = 0.010 + 0.002;
  INFO("HTTP/2: " << (base + 2 * stall) * 1e3 << " ms in theory, HTTP/1.1: " << (base + 2 * p * rto) * 1e3 << " ms");
  testing::check_within_ci99(per_replication(h2, mean_latency_s), base + 2 * stall);
  testing::check_within_ci99(per_replication(h1, mean_latency_s), base + 2 * p * rto);
}

TEST_CASE("during a partition the line fails at the connect timeout, not at the request timeout") {
  // One connection at a time, never made: the first call of each round
  // opens it and waits T = 0.5 s, the Poisson(lambda T) after it less (T/2
  // on average); all fail together. Per call: (T + lambda T^2 / 2) / (1 + lambda T).
  const auto text = R"({"schema": "chaossim/scenario/v1", "name": "cut", "seed": 5, "duration": "60s", "replications": 10,
    "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10000, "service_time": {"dist": "constant", "value": "0ms"},
                  "calls": [{"service": "db", "pipeline": "t", "connections": {"size": 1, "connect_timeout": "500ms"}}]},
                 {"name": "db", "workers": 1000, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "pipelines": {"t": {"timeout": {"after": "2s"}}},
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "faults": [{"kind": "partition", "at": "0s", "for": "60s", "between": [["api"], ["db"]]}]})";
  const double t = 0.5, lambda = 100;
  const auto runs = testing::run_each_replication(testing::load_text(text));
  std::vector<double> latency_s;
  for (const auto& one : runs) {
    const auto& edge = one.edges[1];
    REQUIRE(edge.info.to == "db");
    CHECK(edge.timeouts == 0);
    CHECK(edge.failures == edge.calls);
    latency_s.push_back(edge.latency.mean_ms / 1e3);
  }
  testing::check_within_ci99(latency_s, (t + lambda * t * t / 2) / (1 + lambda * t));
}

TEST_CASE("a failing line ends the calls its failures abandon once: a quorum of parallel calls waiting on one connection") {
  // Three calls at once, all needed, wait for the one connection a partition
  // keeps from opening: the first to fail puts the quorum out of reach, and
  // the request abandons the other two, still in the line.
  const auto text = R"({"schema": "chaossim/scenario/v1", "name": "quorum", "seed": 5, "duration": "20s",
    "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10000, "service_time": {"dist": "constant", "value": "0ms"},
                  "calls": [{"service": "db", "parallel": true, "repeat": 3, "quorum": 3, "cancel_on_timeout": true,
                             "connections": {"size": 1, "connect_timeout": "500ms"}}]},
                 {"name": "db", "workers": 100, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "constant", "rate": "10/s"}}],
    "faults": [{"kind": "partition", "at": "0s", "for": "20s", "between": [["api"], ["db"]]}]})";
  const auto v = testing::run_all(testing::load_text(text))[0];
  const auto& client = v.clients.front();
  const auto& edge = v.edges[1];
  // Every request fails once the line fails (those of the last 0.5 s may still wait at the end).
  CHECK(client.requests >= client.sent - 5);
  CHECK(client.failures == client.requests);
  // Each call ends once: unavailable for the first of its request, cancelled for the others.
  CHECK(edge.calls == 3 * client.requests);
  CHECK(edge.failures == edge.calls);
  CHECK(edge.attempts == 3 * client.sent);
}

TEST_CASE("after a crash or a partition, pools reopen their connections at once and the handshakes queue on the callee's CPU") {
  // Bursts of 20 calls; 1 ms each way; db's one core does a handshake's
  // 10 ms and a request's 0.1 ms, shared. A burst that opens 20 HTTP/1.1
  // connections waits for all 20 handshakes (200 ms of CPU, done together):
  // 1 + 2 (TCP) + 1 + 200 + 1 (TLS) + 1 + 2 + 1 (the request) + 1 = 210 ms.
  // On open connections: 6 ms. Into a refusing process: reset, 4 ms. Across
  // a partition: the 1 s timeout, + 2 ms.
  const auto storm = [](const std::string& connections) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "storm", "seed": 3, "duration": "60s",
      "network": {{"latency": "1ms"}},
      "services": [{{"name": "api", "workers": 1000, "service_time": {{"dist": "constant", "value": "0ms"}},
                     "calls": [{{"service": "db", "pipeline": "t", "connections": {}}}]}},
                   {{"name": "db", "workers": 1000, "cores": 1, "service_time": {{"dist": "constant", "value": "0.1ms"}}}}],
      "pipelines": {{"t": {{"timeout": {{"after": "1s"}}}}}},
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson",
        "profile": {{"interpolation": "step", "points": [{{"at": "0s", "rate": "0/s"}}, {{"at": "59s", "rate": "1/s"}}]}},
        "bursts": [{{"at": "5s", "requests": 20}}, {{"at": "10s", "requests": 20}}, {{"at": "22s", "requests": 20}},
                   {{"at": "30s", "requests": 20}}, {{"at": "42s", "requests": 20}}, {{"at": "50s", "requests": 20}}]}}}}],
      "faults": [{{"kind": "crash", "at": "20s", "for": "5s", "target": "db", "mode": "refuse"}},
                 {{"kind": "partition", "at": "40s", "for": "5s", "between": [["api"], ["db"]]}}]}})",
                       connections);
  };
  const auto latency_ms = [](const reports::VariantSummary& v, std::size_t bucket) {
    REQUIRE(v.client_series[0].mean_ms[bucket]);
    return *v.client_series[0].mean_ms[bucket];
  };
  SECTION("HTTP/1.1: every connection is lost to the crash's resets and the partition's timeouts, and reopened") {
    const auto v = testing::run_all(testing::load_text(storm(R"({"size": 20, "handshake_cpu": "10ms"})")))[0];
    CHECK(latency_ms(v, 5) == Approx(210));
    CHECK(latency_ms(v, 10) == Approx(6));
    CHECK(latency_ms(v, 22) == Approx(4));
    CHECK(v.client_series[0].failures[22] == 20);
    CHECK(latency_ms(v, 30) == Approx(210));
    CHECK(latency_ms(v, 43) == Approx(1002));
    CHECK(latency_ms(v, 50) == Approx(210));
  }
  SECTION("HTTP/2: one connection, one handshake; it outlives the partition (streams are reset alone), not the crash") {
    const auto v = testing::run_all(testing::load_text(storm(R"({"protocol": "http2", "handshake_cpu": "10ms"})")))[0];
    // 1 + 2 + 1 + 10 + 1 + 1 + 2 + 1 + 1.
    CHECK(latency_ms(v, 5) == Approx(20));
    CHECK(latency_ms(v, 10) == Approx(6));
    CHECK(latency_ms(v, 30) == Approx(20));
    CHECK(latency_ms(v, 50) == Approx(6));
  }
  SECTION("without the handshake's CPU the reconnection costs its round trips only") {
    const auto v = testing::run_all(testing::load_text(storm(R"({"size": 20, "handshake_cpu": "0ms"})")))[0];
    CHECK(latency_ms(v, 30) == Approx(10));
  }
}

TEST_CASE("a client's pool keeps its levels while the services' edges are added after it") {
  // The pools hold their edge's recorder: adding the later edges must not move it (a crash before).
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "early-edge", "seed": 9,
    "duration": "5s",
    "services": [{"name": "api", "instances": 3, "workers": 200, "service_time": {"dist": "exponential", "mean": "1ms"},
                  "calls": [{"service": "db"}, {"service": "db", "connections": {"size": 2}}]},
                 {"name": "db", "workers": 20, "service_time": {"dist": "exponential", "mean": "5ms"}}],
    "clients": [{"name": "c", "target": "api", "deadline": "1s", "arrival": {"process": "poisson", "rate": "100/s"},
                 "connections": {"protocol": "http2"}}]})"))[0];
  // One HTTP/2 connection to each of api's 3 instances, from 0.5 s or so on.
  CHECK(level(v.edges.front().levels, "connections_open") == Approx(3).margin(0.1));
  CHECK(v.clients.front().availability == 1);
}

TEST_CASE("connections take what they are said to") {
  const auto with = [](const std::string& connections) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "1s",
      "services": [{{"name": "db", "service_time": {{"dist": "constant", "value": "1ms"}}}}],
      "clients": [{{"name": "c", "target": "db", "arrival": {{"process": "poisson", "rate": "1/s"}}, "connections": {}}}]}})",
                       connections);
  };
  CHECK(testing::load_errors(with(R"({"protocol": "http2", "size": 2, "max_streams": 50, "max_pending": 0,
      "connect_timeout": "1s", "handshake_rtts": 3, "handshake_cpu": "0.2ms"})"))
            .empty());
  CHECK_THAT(testing::load_errors(with(R"({"max_streams": 50})")), Catch::Contains("$.clients[0].connections.max_streams"));
  CHECK_THAT(testing::load_errors(with(R"({"protocol": "http3"})")), Catch::Contains("$.clients[0].connections.protocol"));
  CHECK_THAT(testing::load_errors(with(R"({"size": 0})")), Catch::Contains("$.clients[0].connections.size"));
  CHECK_THAT(testing::load_errors(with(R"({"connect_timeout": "0s"})")), Catch::Contains("$.clients[0].connections.connect_timeout"));
  CHECK_THAT(testing::load_errors(with(R"({"handshake_rtts": 0})")), Catch::Contains("$.clients[0].connections.handshake_rtts"));
  CHECK_THAT(testing::load_errors(with(R"({"pool": 3})")), Catch::Contains("$.clients[0].connections.pool"));
}
