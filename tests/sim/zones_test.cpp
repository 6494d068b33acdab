// Zones: instances spread over zones in turn; a zone's outage takes down the
// instances of every service in it, a partition between zones loses what
// crosses it, and callers preferring their own zone keep out of both. With
// constant arrivals and round robin, the share of requests that cross a
// zone is exact: the tests check it.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// users (in `client_zone`) -> api -> db, each 3 instances over zones a, b, c
// unless `api_zones` says otherwise; constant 9/s, 1 s deadline; api gives
// up on db after 100 ms (pipeline "fast"; "probed" adds a health check).
std::string zoned_scenario(const std::string& faults, const std::string& api_extra = "", const std::string& db_extra = "",
                           const std::string& client_zone = R"("zone": "a",)", const std::string& api_zones = R"(["a", "b", "c"])",
                           int api_instances = 3) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "zones", "seed": 3, "duration": "120s", "warmup": "0s",
    "network": {{"latency": "1ms"}},
    "services": [
      {{"name": "api", "instances": {}, "workers": 4, "zones": {}, "service_time": {{"dist": "constant", "value": "5ms"}},
        "calls": [{{"service": "db", "pipeline": "fast"}}] {}}},
      {{"name": "db", "instances": 3, "workers": 4, "zones": ["a", "b", "c"], "service_time": {{"dist": "constant", "value": "5ms"}} {}}},
      {{"name": "audit", "instances": 1, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "users", "target": "api", {} "deadline": "1s", "arrival": {{"process": "constant", "rate": "9/s"}}}},
                {{"name": "auditor", "target": "audit", "deadline": "1s", "arrival": {{"process": "constant", "rate": "1/s"}}}}],
    "pipelines": {{"fast": {{"timeout": {{"after": "100ms"}}}},
                  "probed": {{"timeout": {{"after": "100ms"}},
                              "health_check": {{"interval": "1s", "timeout": "200ms", "unhealthy_after": 2, "healthy_after": 2}}}}}},
    "faults": [{}]}})",
                     api_instances, api_zones, api_extra, db_extra, client_zone, faults);
}

// The users' availability over buckets [first, last), pooled.
double availability(const reports::VariantSummary& v, std::size_t first, std::size_t last) {
  std::uint64_t requests = 0, successes = 0;
  for (std::size_t b = first; b < last; ++b) {
    requests += v.client_series[0].requests[b];
    successes += v.client_series[0].successes[b];
  }
  return static_cast<double>(successes) / static_cast<double>(requests);
}

}  // namespace

TEST_CASE("a zone's outage takes down the instances of every service in it, and no other") {
  // Zone b holds api's and db's instance 1. Round robin sends a third of the
  // requests to the dead api host and a third of the survivors' calls to the
  // dead db host: 2/3 x 2/3 = 4/9 succeed while it lasts.
  const auto v = testing::run_all(
      testing::load_text(zoned_scenario(R"({"kind": "zone_outage", "at": "40s", "for": "40s", "zone": "b"})")))[0];
  CHECK(availability(v, 45, 75) == Approx(4.0 / 9).margin(0.01));
  CHECK(availability(v, 10, 40) == 1.0);
  CHECK(availability(v, 90, 120) == 1.0);
  // Messages to the dead hosts were lost: the users' (edge 0) and api's calls to db; audit, in no zone, lost none.
  CHECK(v.edges[0].lost > 0);
  CHECK(v.edges[2].lost > 0);
  CHECK(v.edges[1].lost == 0);
  CHECK(v.clients[1].availability == 1.0);
  CHECK(v.faults[0].subject == "b");
}

TEST_CASE("callers that prefer their own zone keep out of another zone's outage") {
  // The users, in zone a, reach api's instance in a, which calls db's in a:
  // nothing they do touches zone b.
  const auto v = testing::run_all(testing::load_text(zoned_scenario(
      R"({"kind": "zone_outage", "at": "40s", "for": "40s", "zone": "b"})", R"(, "prefer_same_zone": true)",
      R"(, "prefer_same_zone": true)")))[0];
  CHECK(v.clients[0].availability == 1.0);
  CHECK(v.services[0].lost == 0);
  CHECK(v.services[1].lost == 0);
  // Nor does anything reach instances outside zone a: a third of the hosts serve every request.
  CHECK(v.services[0].requests == v.clients[0].requests);
}

TEST_CASE("when its own zone is down, a caller preferring it spills over to the others") {
  // Zone a goes out: the users' api instance in a is gone, as is db's; after
  // the outage is found... there is no health check here, so the preferred
  // zone keeps being chosen while its instances are listed: the users lose
  // every request (their zone is down). With a health check the edge takes
  // them out of rotation and spills over to zones b and c.
  const auto blind = testing::run_all(testing::load_text(zoned_scenario(
      R"({"kind": "zone_outage", "at": "40s", "for": "40s", "zone": "a"})", R"(, "prefer_same_zone": true)",
      R"(, "prefer_same_zone": true)")))[0];
  CHECK(availability(blind, 45, 75) == 0.0);
  std::string probed = zoned_scenario(R"({"kind": "zone_outage", "at": "40s", "for": "40s", "zone": "a"})", R"(, "prefer_same_zone": true)",
                                      R"(, "prefer_same_zone": true)", R"("zone": "a", "pipeline": "probed",)");
  const std::string fast_call = R"("pipeline": "fast")";
  probed.replace(probed.find(fast_call), fast_call.size(), R"("pipeline": "probed")");
  const auto v = testing::run_all(testing::load_text(probed))[0];
  CHECK(availability(v, 50, 75) == 1.0);  // found out within 2 probes, and the spill-over serves everything
  CHECK(availability(v, 40, 45) < 1.0);   // until then, lost
}

TEST_CASE("a partition between zones loses what crosses it, both ways or one") {
  // Users in a, api on a and b, no preference: round robin sends half the
  // requests across the cut, lost; db's calls from api's instance in a to db
  // in b and c are cut too (c is on the far side with b): of the half kept in
  // zone a, the db call succeeds a third of the time.
  const auto v = testing::run_all(testing::load_text(zoned_scenario(
      R"({"kind": "zone_partition", "at": "40s", "for": "40s", "zones": [["a"], ["b", "c"]]})", "", "", R"("zone": "a",)",
      R"(["a", "b"])", 2)))[0];
  CHECK(availability(v, 45, 75) == Approx(1.0 / 2 * 1.0 / 3).margin(0.01));
  CHECK(availability(v, 90, 120) == 1.0);
  // One way: only messages from b and c to a are lost, so the answers from
  // there never come back: the same requests fail.
  const auto one_way = testing::run_all(testing::load_text(zoned_scenario(
      R"({"kind": "zone_partition", "at": "40s", "for": "40s", "zones": [["a"], ["b", "c"]], "direction": "backward"})", "", "",
      R"("zone": "a",)", R"(["a", "b"])", 2)))[0];
  CHECK(availability(one_way, 45, 75) == Approx(1.0 / 6).margin(0.01));
  // Preferring their own zone, the users and api stay in zone a: untouched.
  const auto local = testing::run_all(testing::load_text(zoned_scenario(
      R"({"kind": "zone_partition", "at": "40s", "for": "40s", "zones": [["a"], ["b", "c"]]})", R"(, "prefer_same_zone": true)",
      R"(, "prefer_same_zone": true)", R"("zone": "a",)", R"(["a", "b"])", 2)))[0];
  CHECK(local.clients[0].availability == 1.0);
}

TEST_CASE("an autoscaled service replaces the instances a zone's outage took, in the zones still up") {
  // 4 instances on zones a, b (hosts 0, 2 in a); its 8 hosts alternate a, b.
  // Zone a goes at 52 s: found at 60 s, its two instances are replaced on
  // hosts 5 and 7 (zone b; 4 and 6 are down with a), in service at 80 s.
  const auto v = testing::run_all(testing::load_text(
      R"({"schema": "chaossim/scenario/v1", "name": "zones", "seed": 3, "duration": "200s", "warmup": "0s",
          "network": {"latency": "0ms"},
          "services": [{"name": "api", "instances": 4, "zones": ["a", "b"], "service_time": {"dist": "constant", "value": "10ms"},
                        "autoscaling": {"target_utilization": 0.5, "min_instances": 4, "max_instances": 4,
                                        "evaluation_period": "10s", "startup_delay": "20s"}}],
          "clients": [{"name": "users", "target": "api", "deadline": "1s", "arrival": {"process": "constant", "rate": "20/s"}}],
          "faults": [{"kind": "zone_outage", "at": "52s", "for": "100s", "zone": "a"}]})"))[0];
  const auto& series = v.service_series[0];
  CHECK(series.instances[59] == 4);
  CHECK(series.instances[60] == 2);
  CHECK(series.instances[80] == 4);
  CHECK(series.instances[199] == 4);
  CHECK(v.services[0].scaling->replacements == 2);
  // Half the requests reached zone a from 52 s until it was found at 60 s.
  CHECK(static_cast<double>(v.clients[0].timeouts) == Approx(80).margin(1));
  CHECK(availability(v, 61, 200) == 1.0);
}

TEST_CASE("zone mistakes name their place and what was expected") {
  const auto errors = [](const std::string& text) { return scenarios::load_scenario_text(text, "zones.json").errors; };
  CHECK(testing::mentions(errors(zoned_scenario(R"({"kind": "zone_outage", "at": "1s", "for": "1s", "zone": "d"})")), "$.faults[0].zone",
                 "unknown zone \"d\", expected one of the zones services and clients are in: \"a\", \"b\", \"c\""));
  CHECK(testing::mentions(errors(zoned_scenario(R"({"kind": "zone_partition", "at": "1s", "for": "1s", "zones": [["a"], ["bb"]]})")),
                 "$.faults[0].zones[1][0]", "unknown zone \"bb\""));
  CHECK(testing::mentions(errors(zoned_scenario(R"({"kind": "zone_partition", "at": "1s", "for": "1s", "zones": [["a"]]})")),
                 "$.faults[0].zones", "expected two groups of zones"));
  CHECK(testing::mentions(errors(zoned_scenario(R"({"kind": "zone_outage", "at": "1s", "for": "1s", "zone": "a"})", "", "", "",
                                       R"(["a", "b", "a"])")),
                 "$.services[0].zones[2]", "\"a\" again, expected each zone once"));
  const auto no_zones = R"({"schema": "chaossim/scenario/v1", "name": "z", "duration": "10s",
      "services": [{"name": "api", "prefer_same_zone": true, "service_time": {"dist": "constant", "value": "1ms"}}],
      "clients": [{"name": "c", "target": "api", "arrival": {"process": "constant", "rate": "1/s"}}],
      "faults": [{"kind": "zone_outage", "at": "1s", "for": "1s", "zone": "a"}]})";
  CHECK(testing::mentions(errors(no_zones), "$.services[0].prefer_same_zone", "expected \"zones\" to prefer among"));
  CHECK(testing::mentions(errors(no_zones), "$.faults[0].zone", "no service or client is in a zone"));
}
