// A rolling restart against its callers: 400 calls a second from one api
// instance, round robin over four db instances, each replaced in turn. Calls
// sent to an instance between its process's exit and its callers' hearing
// of it are refused; a drain as long as the discovery delay hides the deploy.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

reports::VariantSummary deploy(const std::string& keys, const std::string& db_extra = "") {
  const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "deploy", "seed": 4, "duration": "60s",
    "network": {{"latency": "0ms"}},
    "services": [{{"name": "api", "workers": 1000, "service_time": {{"dist": "constant", "value": "0ms"}}, "calls": [{{"service": "db"}}]}},
                 {{"name": "db", "instances": 4, "workers": 100 {}, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "400/s"}}}}],
    "faults": [{{"kind": "rolling_restart", "at": "10s", "for": "5s", "target": "db" {}}}]}})",
                                db_extra, keys);
  return testing::run_all(testing::load_text(text))[0];
}

}  // namespace

TEST_CASE("a rolling restart fails the calls sent to an exited process before discovery drops it") {
  // For the 2 s between an instance's exit and its callers' hearing of it,
  // the calls sent to it are refused. The first takes 100 a second (400 over
  // four): 200. Each later one exits as its predecessor's replacement
  // serves, which its callers add back only 2 s later: it takes a third of
  // the calls meanwhile, 267. 200 + 3 x 267 = 1,000.
  const auto plain = deploy(R"(, "discovery_delay": "2s")");
  CHECK(plain.clients[0].failures == Approx(200 + 3 * 800.0 / 3).margin(4));
  // Out of rotation from 2 s after its batch starts until 2 s after its
  // replacement serves, 5 s each: 20 instance-seconds over the 60 s run.
  REQUIRE(plain.edges.size() == 2);
  CHECK(plain.edges[1].unhealthy_mean * 60 == Approx(20).margin(0.01));
  // Batches of two: the first pair takes 200 a second for 2 s, the second
  // all 400 (the first pair is not back yet): 400 + 800.
  const auto pairs = deploy(R"(, "discovery_delay": "2s", "batch": 2)");
  CHECK(pairs.clients[0].failures == Approx(400 + 800).margin(4));
  // The default discovery delay, 5 s, as long as each replacement takes:
  // every call to an instance between its exit and its replacement is
  // refused, 500 for the first and 667 for each later one.
  CHECK(deploy("").clients[0].failures == Approx(500 + 3 * 2000.0 / 3).margin(4));
}

TEST_CASE("draining as long as discovery takes hides a rolling restart from its callers") {
  CHECK(deploy(R"(, "discovery_delay": "2s", "drain": "2s")").clients[0].failures <= 4);
  CHECK(deploy(R"(, "discovery_delay": "2s", "drain": "3s")").clients[0].failures == 0);
}

TEST_CASE("a rolling restart's replacements start as the service's restart says, within the fault's for") {
  // startup 3 s of the 5: the same refusals as without (its start refuses
  // too, and ends when its replacement would serve anyway).
  const auto v = deploy(R"(, "discovery_delay": "2s")", R"(, "restart": {"startup": "3s"})");
  CHECK(v.clients[0].failures == Approx(1000).margin(4));
  CHECK_THAT(testing::load_errors(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "60s",
    "services": [{{"name": "db", "instances": 2, "restart": {{"startup": "10s"}}, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "db", "arrival": {{"process": "constant", "rate": "1/s"}}}}],
    "faults": [{{"kind": "rolling_restart", "at": "1s", "for": "5s", "target": "db"}}]}})")),
             Catch::Contains("$.faults[0].for") && Catch::Contains("restart.startup"));
  CHECK_THAT(testing::load_errors(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "30s",
    "services": [{{"name": "db", "instances": 4, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "db", "arrival": {{"process": "constant", "rate": "1/s"}}}}],
    "faults": [{{"kind": "rolling_restart", "at": "10s", "for": "5s", "target": "db"}}]}})")),
             Catch::Contains("ends at 35s"));
}
