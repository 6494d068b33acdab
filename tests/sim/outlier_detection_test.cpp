// Passive outlier detection on a call edge: one bad host of twenty, which a
// breaker on the edge never sees (5% of calls fail), is ejected after five
// errors in a row, for longer each time; errors spread thinly over every
// host eject none; and no more than max_ejection_percent are out at once.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// 100 calls a second, round robin over 20 db instances (5 a second each),
// for 200 s, with the given errors fault on db.
std::string twenty_hosts(const std::string& fault, const std::string& detection) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "outliers", "seed": 2, "duration": "200s",
    "network": {{"latency": "1ms"}},
    "services": [{{"name": "api", "workers": 1000, "service_time": {{"dist": "constant", "value": "1ms"}},
                  "calls": [{{"service": "db", "pipeline": "p"}}]}},
                 {{"name": "db", "instances": 20, "workers": 10, "service_time": {{"dist": "constant", "value": "5ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "100/s"}}}}],
    "pipelines": {{"p": {{"circuit_breaker": {{"failure_rate": 0.5}} {}}}}},
    "faults": [{}]}})",
                     detection, fault);
}

const std::string one_bad_host = R"({"kind": "errors", "at": "0s", "for": "200s", "target": "db", "rate": 1.0, "instances": [0]})";

}  // namespace

TEST_CASE("outlier detection ejects one bad host in twenty that the edge's breaker never sees, for longer each time") {
  const auto plain = testing::run_all(testing::load_text(twenty_hosts(one_bad_host,"")))[0];
  // A twentieth of the calls fail, too few for the breaker's 50%.
  CHECK(plain.clients[0].failures == Approx(20000 / 20).margin(2));
  const auto ejecting = testing::run_all(testing::load_text(twenty_hosts(one_bad_host, R"(, "outlier_detection": {})")))[0];
  // Envoy's defaults: 5 errors in a row (1 s of its calls) eject it for 30 s,
  // then 60, 90 and 120 s: four ejections of 5 failures each in 200 s.
  CHECK(ejecting.clients[0].failures == 20);
  REQUIRE(ejecting.edges.size() == 2);
  REQUIRE(ejecting.edges[1].info.to == "db");
  // Out from about 1, 32, 93 and 184 s, until 31, 92, 183 and the end.
  CHECK(ejecting.edges[1].unhealthy_mean * 200 == Approx(30 + 60 + 90 + 16).margin(1));
}

TEST_CASE("errors spread thinly over every host eject none: five in a row from one host are rare at 5%") {
  const auto v = testing::run_all(testing::load_text(twenty_hosts(
      R"({"kind": "errors", "at": "0s", "for": "200s", "target": "db", "rate": 0.05})", R"(, "outlier_detection": {})")))[0];
  CHECK(v.edges[1].unhealthy_mean == 0);
  CHECK(v.clients[0].failures > 900);
}

TEST_CASE("no more than max_ejection_percent of the hosts are ejected at once") {
  const auto v = testing::run_all(testing::load_text(twenty_hosts(
      R"({"kind": "errors", "at": "0s", "for": "200s", "target": "db", "rate": 1.0, "instances": [0, 1, 2, 3, 4, 5]})",
      R"(, "outlier_detection": {"max_ejection_percent": 10, "base_ejection_time": "100s", "max_ejection_time": "100s"})")))[0];
  // 2 of 20 at once, ejected from the first seconds on, back at about 101 s
  // and out again at once: about 2 all along.
  CHECK(v.edges[1].unhealthy_mean <= 2);
  CHECK(v.edges[1].unhealthy_mean > 1.9);
}

TEST_CASE("outlier detection's keys are Envoy's, checked") {
  CHECK_THAT(testing::load_errors(twenty_hosts(one_bad_host, R"(, "outlier_detection": {"consecutive_errors": 0})")),
             Catch::Contains("$.pipelines.p.outlier_detection.consecutive_errors"));
  CHECK_THAT(testing::load_errors(twenty_hosts(one_bad_host, R"(, "outlier_detection": {"max_ejection_percent": 101})")),
             Catch::Contains("$.pipelines.p.outlier_detection.max_ejection_percent"));
  CHECK_THAT(testing::load_errors(twenty_hosts(one_bad_host, R"(, "outlier_detection": {"consecutive_5xx": 5})")),
             Catch::Contains("$.pipelines.p.outlier_detection.consecutive_5xx"));
}
