// Crashes, blackhole and refusing: what callers see, and that no call hangs for good.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

TEST_CASE("a crash loses exactly the requests its instances hold, and they come back empty") {
  // Requests every 100 ms alternate between two instances and take 500 ms each:
  // at 10.05 s, instance 0 holds those that arrived at 9.7 and 9.9 s.
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "crash", "seed": 1,
    "duration": "30s", "network": {"latency": "0ms"},
    "services": [{"name": "api", "instances": 2, "workers": 10, "service_time": {"dist": "constant", "value": "500ms"}}],
    "clients": [{"name": "c", "target": "api", "deadline": "1s", "arrival": {"process": "constant", "rate": "10/s"}}],
    "faults": [{"kind": "crash", "at": "10.05s", "for": "5s", "target": "api", "instances": 1}]})"))[0];
  CHECK(v.services[0].lost == 2);
  // Also lost: the 25 requests sent to the instance while it was down.
  CHECK(v.edges[0].lost == 2 + 25);
  CHECK(v.clients[0].failures == 27);
  // Those sent to it in the crash's last second (every 200 ms from 14.1 s) are
  // reset when it comes back at 15.05 s, before their 1 s deadline: refused.
  CHECK(v.clients[0].unavailable == 5);
  CHECK(v.clients[0].timeouts == 22);
  REQUIRE(v.faults[0].recover_s);
}

TEST_CASE("a refusing crash fails calls at once, resets those it held, and hangs nothing") {
  // One instance, 500 ms per request, 10 requests a second, no timeout and no
  // deadline anywhere: the process is down from 10 s to 15 s on a live host.
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "refuse", "seed": 1,
    "duration": "30s", "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "500ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "constant", "rate": "10/s"}}],
    "faults": [{"kind": "crash", "at": "10s", "for": "5s", "target": "api", "mode": "refuse"}]})"))[0];
  const auto& c = v.clients[0];
  // Refused: the 50 sent while it was down, and the 5 it held at 10 s (sent
  // from 9.5 s on), reset at once. Nothing is lost, nothing hangs.
  CHECK(c.failures == 55);
  CHECK(c.unavailable == 55);
  CHECK(c.requests == c.sent - 5);  // the 5 still in service when the run ends at 30 s
  CHECK(v.edges[0].lost == 0);
  REQUIRE(c.failure_latency);
  CHECK(c.failure_latency->max_ms <= 502);  // the oldest reset (sent at 9.5 s) had waited 0.5 s and a hop each way
  CHECK(c.failure_latency->p50_ms == Approx(2).epsilon(0.05));  // a refusal: there and back
}

TEST_CASE("a blackhole crash never hangs a call for the rest of the run: reset when the host is back, or at the transport timeout") {
  // api calls db with no timeout, and its client has no deadline; db's host
  // vanishes from 10 s to 15 s.
  const auto run = [](const std::string& network) {
    return testing::run_all(testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "bh", "seed": 1,
      "duration": "30s", "network": {},
      "services": [
        {{"name": "api", "workers": 100, "service_time": {{"dist": "constant", "value": "1ms"}}, "calls": [{{"service": "db"}}]}},
        {{"name": "db", "workers": 10, "service_time": {{"dist": "constant", "value": "5ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "10/s"}}}}],
      "faults": [{{"kind": "crash", "at": "10s", "for": "5s", "target": "db"}}]}})",
                                                           network)))[0];
  };
  // By default (924.6 s, Linux's) the host's return comes first: every call
  // sent to it while down fails at 15 s, the first having waited 5 s.
  const auto back = run(R"({"latency": "1ms"})");
  CHECK(back.clients[0].requests == back.clients[0].sent);
  CHECK(back.clients[0].failures == 50);
  REQUIRE(back.clients[0].failure_latency);
  CHECK(back.clients[0].failure_latency->max_ms == Approx(5000).margin(10));
  CHECK(back.services[0].mean_busy < 10);  // api's workers are freed, not held to the end
  // With a 2 s transport timeout, each gives up 2 s after its message was lost.
  const auto gave_up = run(R"({"latency": "1ms", "transport_timeout": "2s"})");
  CHECK(gave_up.clients[0].failures == 50);
  REQUIRE(gave_up.clients[0].failure_latency);
  CHECK(gave_up.clients[0].failure_latency->max_ms == Approx(2000 + 4).margin(2));
  CHECK(gave_up.clients[0].failure_latency->p50_ms == Approx(2000 + 4).epsilon(0.01));
}
