// When a fault is over for the user (recover_s) and which reactions were to it
// (detect_s): the rules of README's "results.json", on hand-made series.
#include <cmath>

#include <catch2/catch.hpp>

#include "reports/recovery.hpp"
#include "sim/recorder.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// 100 requests a bucket of 1 s, all successful but in the buckets `bad`, where half fail.
reports::AvailabilitySeries series(std::size_t buckets, const std::vector<std::size_t>& bad) {
  reports::AvailabilitySeries s;
  s.bucket_s = 1;
  s.requests.assign(buckets, 100);
  s.successes.assign(buckets, 100);
  for (auto k : bad) s.successes[k] = 50;
  return s;
}

}  // namespace

TEST_CASE("recovery is the start of the lasting return to the objective, after the last breach") {
  // Fault ends at 10 s; fine at once, but failures in second 30 (retries of the burst).
  const auto late = series(60, {30});
  REQUIRE(reports::recovery_time(late, 10, 0.99, std::nullopt));
  CHECK(*reports::recovery_time(late, 10, 0.99, std::nullopt) == Approx(21));  // bucket 31 starts the last good stretch
  // Nothing after the fault: recovered at its end.
  CHECK(*reports::recovery_time(series(60, {}), 10, 0.99, std::nullopt) == 0);
  // A run that ends in breach has not recovered.
  CHECK_FALSE(reports::recovery_time(series(60, {59}), 10, 0.99, std::nullopt));
}

TEST_CASE("recovery is judged up to the next fault's start: what that fault does is its own") {
  const auto s = series(60, {40, 41});
  // The next fault starts at 35 s: the breach at 40 s is its, not the first one's.
  CHECK(*reports::recovery_time(s, 10, 0.99, 35.0) == 0);
  // Without it, the first fault recovers only after the breach.
  CHECK(*reports::recovery_time(s, 10, 0.99, std::nullopt) == Approx(32));
  // A fault followed at once by the next has no time to recover in.
  CHECK_FALSE(reports::recovery_time(s, 10, 0.99, 10.0));
}

TEST_CASE("a reaction is credited to a fault while it plays or until it recovers, never after") {
  // Two faults on the same service, 100 s apart; clients fine throughout.
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "r", "duration": "200s",
    "services": [{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "1/s"}}],
    "faults": [{"kind": "degradation", "at": "10s", "for": "10s", "target": "api", "speed": {"to": 0.5}},
               {"kind": "errors", "at": "110s", "for": "10s", "target": "api", "rate": 0.5}]})");
  // Clients fine throughout: 10 requests a second, every one a success.
  reports::AvailabilitySeries fine;
  fine.bucket_s = 1;
  fine.requests.assign(200, 10);
  fine.successes.assign(200, 10);
  sim::ReplicationResult run;
  run.bucket_s = 1;
  run.duration_s = 200;
  run.buckets = 200;
  // The log gives each fault the first reaction at or after its start that its scope can see.
  run.first_reaction_s = {110.2, 110.2};  // the first fault saw nothing until the second's
  auto faults = reports::summarize_faults(set.base, {run}, {fine});
  REQUIRE(faults[0].recover_s);
  CHECK(*faults[0].recover_s == 0);
  CHECK_FALSE(faults[0].detect_s);  // over and recovered 90 s before
  REQUIRE(faults[1].detect_s);
  CHECK(*faults[1].detect_s == Approx(0.2));
  run.first_reaction_s = {15.5, 110.2};  // while it played
  faults = reports::summarize_faults(set.base, {run}, {fine});
  REQUIRE(faults[0].detect_s);
  CHECK(*faults[0].detect_s == Approx(5.5));
}

TEST_CASE("recovery times are decimal: 11 s after a fault that ends at 10.1 s is 0.9 s, not 0.9000000000000004") {
  const auto s = series(60, {10});
  REQUIRE(reports::recovery_time(s, 10.1, 0.99, std::nullopt));
  CHECK(*reports::recovery_time(s, 10.1, 0.99, std::nullopt) == 0.9);
}
