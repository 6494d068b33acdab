// Each fault kind, checked by its observable effect in a small scenario.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;
using testing::mean_over;

namespace {

// A client `c` calling `api` (1 ms per hop), which calls `db` with a 100 ms timeout.
std::string api_and_db(const std::string& faults, const std::string& rate = "50/s", int api_workers = 10,
                       const std::string& client_extra = "") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "f", "seed": 9, "duration": "40s",
    "network": {{"latency": "1ms"}},
    "services": [
      {{"name": "api", "workers": {}, "service_time": {{"dist": "constant", "value": "10ms"}},
       "calls": [{{"service": "db", "pipeline": "t"}}]}},
      {{"name": "db", "workers": 10, "service_time": {{"dist": "constant", "value": "2ms"}}}}],
    "clients": [{{"name": "c", "target": "api", {} "arrival": {{"process": "constant", "rate": "{}"}}}}],
    "pipelines": {{"t": {{"timeout": {{"after": "100ms"}}}}}},
    "faults": [{}]}})",
                     api_workers, client_extra, rate, faults);
}

}  // namespace

TEST_CASE("a partition of a dependency fails its callers at their timeout inside the window, and only there") {
  const auto v = testing::run_all(testing::load_text(
      api_and_db(R"({"kind": "partition", "at": "10s", "for": "10s", "between": [["api"], ["db"]]})")))[0];
  const auto& series = v.client_series[0];
  for (std::size_t k = 11; k < 20; ++k) CHECK(series.availability[k] == 0.0);
  for (std::size_t k = 0; k < 10; ++k) CHECK(series.availability[k] == 1.0);
  for (std::size_t k = 21; k < 40; ++k) CHECK(series.availability[k] == 1.0);
  // Each failure takes 1 ms there, 10 ms of work, the 100 ms timeout and 1 ms back.
  CHECK(mean_over(series.mean_ms, 11, 18) == Approx(112).epsilon(0.001));
  CHECK(mean_over(series.mean_ms, 0, 9) == Approx(16).epsilon(0.001));
  const auto& f = v.faults.at(0);
  CHECK(f.availability == Approx(0).margin(0.01));
  REQUIRE(f.recover_s);
  CHECK(*f.recover_s <= 1.0);
  CHECK_FALSE(f.detect_s);  // no pattern here reacts: a timeout is not a reaction
  // Every request to db sent across the cut was lost, none other.
  CHECK(v.edges[1].lost == Approx(50 * 10).margin(2));
}

TEST_CASE("under a bandwidth-sharing model a partition cuts SimGrid communications the same way") {
  std::string text = api_and_db(R"({"kind": "partition", "at": "10s", "for": "10s", "between": [["api"], ["db"]]})");
  const std::string constant = R"("network": {"latency": "1ms"})";
  text.replace(text.find(constant), constant.size(), R"("network": {"model": "CM02", "latency": "1ms", "bandwidth": "1Gbps"})");
  const auto v = testing::run_all(testing::load_text(text))[0];
  CHECK(v.faults[0].availability == Approx(0).margin(0.01));
  CHECK(v.client_series[0].availability[25] == 1.0);
  CHECK(v.edges[1].lost == Approx(50 * 10).margin(2));
}

TEST_CASE("a partition between two services leaves their routes through a third untouched") {
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "p3", "seed": 2,
    "duration": "20s", "network": {"latency": "1ms"},
    "services": [
      {"name": "a", "workers": 20, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"service": "c"}, {"service": "b", "pipeline": "t", "optional": true}]},
      {"name": "b", "workers": 20, "service_time": {"dist": "constant", "value": "1ms"}},
      {"name": "c", "workers": 20, "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "b"}]}],
    "clients": [{"name": "u", "target": "a", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "pipelines": {"t": {"timeout": {"after": "50ms"}}},
    "faults": [{"kind": "partition", "at": "5s", "for": "10s", "between": [["a"], ["b"]]}]})"))[0];
  CHECK(v.clients[0].availability == 1.0);  // a -> b is optional; a -> c -> b carries on
  const auto edge = [&](const std::string& from, const std::string& to) {
    for (const auto& e : v.edges)
      if (e.info.from == from && e.info.to == to) return e;
    FAIL("no edge " << from << " -> " << to);
    return v.edges.front();
  };
  CHECK(edge("a", "c").lost == 0);
  CHECK(edge("c", "b").lost == 0);
  CHECK(edge("c", "b").failures == 0);
  CHECK(edge("a", "b").lost == edge("a", "b").timeouts);
  CHECK(edge("a", "b").timeouts == Approx(1000).epsilon(0.1));  // 10 s at 100/s
}

TEST_CASE("a partition in one direction loses only the messages going that way") {
  // Backward: db's answers to api are lost, api's requests still reach db, which does the work.
  const auto v = testing::run_all(testing::load_text(api_and_db(
      R"({"kind": "partition", "at": "10s", "for": "10s", "between": [["api"], ["db"]], "direction": "backward"})")))[0];
  CHECK(v.faults[0].availability == Approx(0).margin(0.01));
  CHECK(v.services[1].requests == Approx(50 * 40).margin(2));  // db served every request
}

TEST_CASE("a latency fault shifts the target's client-observed latency by add, only inside its window") {
  const auto v = testing::run_all(testing::load_text(api_and_db(
      R"({"kind": "latency", "at": "10s", "for": "10s", "target": "db", "add": "40ms", "jitter": "10ms"})", "50/s")))[0];
  const auto& series = v.client_series[0];
  const double before = mean_over(series.mean_ms, 1, 9);
  const double during = mean_over(series.mean_ms, 11, 18);
  const double after = mean_over(series.mean_ms, 21, 39);
  // 400 requests inside; the jitter U(-10, 10) ms has a standard deviation of
  // 5.8 ms, so the mean's standard error is 0.29 ms: 4 of them is 1.2 ms. (The
  // call holds an api worker: 54 ms at 50/s keeps 2.7 of its 10 busy, no queue.)
  CHECK(during - before == Approx(40).margin(1.2));
  CHECK(after == Approx(before).margin(0.01));
  CHECK(v.client_series[0].availability[15] == 1.0);
}

TEST_CASE("under the bandwidth models a latency fault adds what it says, and ends without upsetting SimGrid") {
  // SimGrid's CM02 takes a link's latency change off every flow on the link,
  // the reverse-path (cross-traffic) flows too, and aborted on flows that
  // started during the fault: these seeds did, before the network delayed the
  // messages itself. LV08 would also have multiplied the added latency by 13.
  for (const std::string model : {"CM02", "LV08"}) {
    INFO(model);
    const auto v = testing::run_all(testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "f",
      "seed": 1, "duration": "40s", "replications": 4, "network": {{"model": "{}", "latency": "1ms"}},
      "services": [
        {{"name": "api", "workers": 50, "service_time": {{"dist": "constant", "value": "10ms"}},
         "calls": [{{"service": "db", "pipeline": "t"}}]}},
        {{"name": "db", "workers": 50, "service_time": {{"dist": "constant", "value": "2ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "500/s"}}}}],
      "pipelines": {{"t": {{"timeout": {{"after": "100ms"}}}}}},
      "faults": [{{"kind": "latency", "at": "10s", "for": "10s", "target": "db", "add": "40ms"}}]}})",
                                                                  model)))[0];
    const auto& series = v.client_series[0];
    // db's answers leave 40 ms later; nothing else changes (no queue: at most
    // 500/s x 0.06 s = 30 of api's 50 workers are busy).
    CHECK(mean_over(series.mean_ms, 11, 18) - mean_over(series.mean_ms, 1, 9) == Approx(40).margin(0.5));
    CHECK(mean_over(series.mean_ms, 21, 39) == Approx(mean_over(series.mean_ms, 1, 9)).margin(0.5));
    CHECK(v.clients[0].availability == 1.0);
  }
}

TEST_CASE("degradation to speed s multiplies the service time by 1/s at the end of its ramp") {
  const auto flat = testing::run_all(testing::load_text(api_and_db(
      R"({"kind": "degradation", "at": "10s", "for": "10s", "target": "api", "speed": {"from": 0.25, "to": 0.25}})")))[0];
  const auto& api = flat.service_series[0];
  // api's latency is its 10 ms of work plus its call to db (1 + 2 + 1 ms).
  CHECK(mean_over(api.latency_mean_ms, 11, 19) == Approx(40 + 4).epsilon(1e-6));
  CHECK(mean_over(api.latency_mean_ms, 21, 39) == Approx(10 + 4).epsilon(1e-6));

  const auto ramp = testing::run_all(testing::load_text(api_and_db(
      R"({"kind": "degradation", "at": "10s", "for": "10s", "target": "api", "speed": {"from": 1.0, "to": 0.25}, "recover": "ramp"})")))[0];
  const auto& ramped = ramp.service_series[0];
  // In the ramp's last second the speed goes from 0.2875 to 0.25 (the work
  // that ends early in the second started a little before it, a little faster).
  const double last_second = *ramped.latency_mean_ms[19] - 4;
  CHECK(last_second > 10 / 0.29);
  CHECK(last_second < 10 / 0.25);
  // Each second's mean: about the work at the speed of its middle.
  CHECK(*ramped.latency_mean_ms[10] - 4 == Approx(10 / (1 - 0.75 * 0.05)).epsilon(0.01));
  CHECK(*ramped.latency_mean_ms[25] - 4 == Approx(10 / (0.25 + 0.75 * 0.55)).epsilon(0.01));
  CHECK(*ramped.latency_mean_ms[31] - 4 == Approx(10).epsilon(1e-6));
  CHECK(ramp.faults[0].end_s == 30);
}

TEST_CASE("an error fault fails the fraction rate of the target's requests") {
  const auto v = testing::run_all(testing::load_text(api_and_db(
      R"({"kind": "errors", "at": "10s", "for": "20s", "target": "db", "rate": 0.3})", "1000/s", 100)))[0];
  // 20,000 requests: the failed fraction's standard deviation is 0.0032; 4 of them.
  CHECK(1 - *v.faults[0].availability == Approx(0.3).margin(0.013));
  CHECK(v.client_series[0].availability[5] == 1.0);
  CHECK(v.client_series[0].availability[35] == 1.0);
}

namespace {
// Silent loss (datagrams): a dropped message is gone. TCP's retransmission,
// the default, is tcp_retransmission_test.cpp's.
std::string silent(std::string text) {
  const std::string network = R"("network": {"latency": "1ms"})";
  text.replace(text.find(network), network.size(), R"("network": {"latency": "1ms", "loss": "silent"})");
  return text;
}
}  // namespace

TEST_CASE("packet loss drops messages both ways: a call succeeds only if request and answer both arrive") {
  const auto v = testing::run_all(testing::load_text(silent(api_and_db(
      R"({"kind": "packet_loss", "at": "10s", "for": "20s", "target": "db", "rate": 0.2})", "1000/s", 100))))[0];
  // 0.8 x 0.8 = 0.64, over 20,000 requests (standard deviation 0.0034). A lost
  // call holds an api worker 100 ms: 36 of the 100 are busy waiting.
  CHECK(*v.faults[0].availability == Approx(0.64).margin(0.014));
  CHECK(v.edges[1].lost == Approx(20000 * 0.36).epsilon(0.03));
}

TEST_CASE("a duplicate fault makes the target serve a copy of each message with probability rate, callers take the first answer") {
  const auto v = testing::run_all(testing::load_text(api_and_db(
      R"({"kind": "duplicate", "at": "10s", "for": "20s", "target": "db", "rate": 0.3})", "1000/s", 100)))[0];
  const auto& db = v.services[1];
  const auto& calls = v.edges[1];  // api -> db
  // 20,000 calls inside the window, each request copied with p = 0.3: the
  // extra arrivals are Binomial(20000, 0.3), mean 6000, standard deviation 65.
  const double extra = static_cast<double>(db.requests) - static_cast<double>(calls.calls);
  INFO("extra arrivals at db: " << extra);
  CHECK(std::abs(extra - 6000) <= 4 * std::sqrt(20000 * 0.3 * 0.7));
  // The callee does the work of every copy: all succeed, but for the two or
  // three still in service when the run ends (1 a millisecond, 2 ms each).
  CHECK(db.requests - db.successes <= 3);
  // Copies are not attempts, and a second answer (of a copied request, or a
  // copied answer) ends nothing: every call ends once, and all succeed; the
  // attempts of the last 4 ms (a call's round trip) have not ended yet.
  CHECK(calls.attempts - calls.calls <= 5);
  CHECK(calls.lost == 0);
  CHECK(calls.successes == calls.calls);
  CHECK(v.clients[0].successes == v.clients[0].requests);
  CHECK(v.clients[0].availability == 1.0);
}

TEST_CASE("a duplicated message that is lost leaves its twin to answer, an attempt is lost only when every copy is") {
  // Loss of 0.5 on db's messages and duplication of all of them: a call fails
  // only if both copies of its request, or both answers of every arrived
  // copy, are lost. P(a copy's round trip arrives) = 0.5 x (1 - 0.5^2) = 0.375;
  // P(the call succeeds) = 1 - (1 - 0.375)^2 = 0.609.
  const auto v = testing::run_all(testing::load_text(silent(api_and_db(
      R"({"kind": "duplicate", "at": "10s", "for": "20s", "target": "db", "rate": 1.0},
         {"kind": "packet_loss", "at": "10s", "for": "20s", "target": "db", "rate": 0.5})", "1000/s", 200))))[0];
  // Over 20,000 calls the standard deviation is 0.0035; the 0.015 margin is 4 of them.
  CHECK(*v.faults[0].availability == Approx(0.609).margin(0.015));
}

TEST_CASE("an overload multiplies its client's arrival rate inside its window") {
  const auto v = testing::run_all(testing::load_text(
      api_and_db(R"({"kind": "overload", "at": "10s", "for": "5s", "client": "c", "multiplier": 3})", "100/s")))[0];
  const auto& requests = v.client_series[0].requests;
  CHECK(requests[5] == 100);
  CHECK(requests[12] == 300);
  CHECK(requests[20] == 100);
}

TEST_CASE("a breaker detects a partition after minimum_calls failures") {
  // Calls every 10 ms time out 100 ms after they leave: with a failure rate of
  // 1, the 20th failure opens the breaker, that of the call sent 190 ms (plus
  // up to 10 ms) into the partition.
  auto set = testing::load_text(api_and_db(R"({"kind": "partition", "at": "10s", "for": "10s", "between": [["api"], ["db"]]})",
                                           "100/s"));
  auto& pipeline = set.base.pipelines.at("t");
  patterns::CircuitBreakerConfig breaker;
  breaker.window_kind = patterns::WindowKind::count;
  breaker.window_size = 20;
  breaker.minimum_calls = 20;
  breaker.failure_rate = 1.0;
  pipeline.circuit_breaker = breaker;
  const auto guarded = testing::run_all(set)[0];
  REQUIRE(guarded.faults[0].detect_s);
  CHECK(*guarded.faults[0].detect_s == Approx(0.19 + 0.010 + 0.001 + 0.100).margin(0.021));
}

TEST_CASE("same seed, same bytes: faults keep runs deterministic") {
  const auto set = testing::load_text(api_and_db(
      R"({"kind": "packet_loss", "at": "5s", "for": "10s", "target": "db", "rate": 0.1},
         {"kind": "latency", "at": "8s", "for": "10s", "target": "db", "add": "5ms", "jitter": "5ms"},
         {"kind": "crash", "at": "20s", "for": "3s", "target": "db"})", "300/s"));
  const auto a = testing::run_all(set)[0];
  const auto b = testing::run_all(set)[0];
  CHECK(a.clients[0].successes == b.clients[0].successes);
  CHECK(a.edges[1].lost == b.edges[1].lost);
  CHECK(a.client_series[0].mean_ms == b.client_series[0].mean_ms);
}

TEST_CASE("retry-storm reproduces a metastable failure that only bounded retries escape") {
  // Bronson et al., "Metastable Failures in Distributed Systems" (HotOS 2021):
  // the slowdown ends at 35 s, but unbounded retries keep the queue full of
  // work whose callers gave up, and the service stays down.
  auto set = *scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/retry-storm.json").scenarios;
  set.base.replications = 2;
  for (auto& v : set.variants) v.replications = 2;
  const auto all = testing::run_all(set);
  REQUIRE(all.size() == 4);
  const auto& base = all[0];
  CHECK_FALSE(base.faults[0].recover_s);
  CHECK(base.client_series[0].availability[100] < 0.5);  // a minute after the slowdown
  for (std::size_t v = 1; v < all.size(); ++v) {
    INFO("variant " << all[v].variant);
    REQUIRE(all[v].faults[0].recover_s);
    CHECK(*all[v].faults[0].recover_s < 30);
  }
}

TEST_CASE("a health check takes a crashed instance out of balancing and brings it back") {
  const std::string scenario = R"({"schema": "chaossim/scenario/v1", "name": "hc", "seed": 6,
    "duration": "40s", "network": {"latency": "1ms"},
    "services": [{"name": "api", "instances": 2, "workers": 10, "service_time": {"dist": "constant", "value": "5ms"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "deadline": "1s", "arrival": {"process": "constant", "rate": "100/s"}}],
    "pipelines": {"p": {"timeout": {"after": "100ms"}}},
    "faults": [{"kind": "crash", "at": "10.5s", "for": "10s", "target": "api", "instances": 1}],
    "variants": {"checked": {"pipelines": {"p": {"health_check": {"interval": "1s", "timeout": "200ms", "unhealthy_after": 2, "healthy_after": 2}}}}}})";
  const auto all = testing::run_all(testing::load_text(scenario));
  const auto& plain = all[0];
  const auto& checked = all[1];
  // Round robin keeps sending half the requests to the dead instance...
  CHECK(plain.client_series[0].availability[15] == Approx(0.5).margin(0.02));
  // ...unless probes find it: two failed probes, sent at 11 s and 12 s, each
  // failing at its 200 ms timeout.
  CHECK(checked.client_series[0].availability[15] == 1.0);
  REQUIRE(checked.faults[0].detect_s);
  CHECK(*checked.faults[0].detect_s == Approx(12.2 - 10.5).margin(1e-6));
  // Back after two good probes (21 s, 22 s, answered in 2 ms): the instance
  // takes traffic again.
  CHECK(checked.edges[0].unhealthy_mean == Approx((22.002 - 12.2) / 40).epsilon(1e-6));
  CHECK(checked.client_series[0].availability[30] == 1.0);
  CHECK(checked.clients[0].availability > plain.clients[0].availability);
}
