// Bad schedules, blast radii, instance picks and splits: each reported at its
// key, saying what was found and what was expected.
#include <catch2/catch.hpp>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;
using chaossim::testing::mentions;

namespace {

// Two services (api, 4 instances in zones a and b; db, 1) and the faults given; 100 s.
std::string with_faults(const std::string& faults) {
  return R"({"schema": "chaossim/scenario/v1", "name": "t", "duration": "100s",
    "services": [{"name": "api", "instances": 4, "zones": ["a", "b"], "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "db"}]},
                 {"name": "db", "service_time": {"dist": "constant", "value": "1ms"}},
                 {"name": "jobs", "kind": "queue", "capacity": 100, "consumers": [{"service": "db"}]}],
    "clients": [{"name": "u", "target": "api", "arrival": {"process": "poisson", "rate": "10/s"}}],
    "faults": [)" + faults + "]}";
}

std::vector<scenarios::Diagnostic> errors_of(const std::string& faults) {
  auto r = scenarios::load_scenario_text(with_faults(faults), "t.json");
  INFO([&] {
    std::string all;
    for (const auto& e : r.errors) all += e.format() + "\n";
    return all;
  }());
  REQUIRE_FALSE(r.scenarios);
  return r.errors;
}

bool loads(const std::string& faults) { return scenarios::load_scenario_text(with_faults(faults), "t.json").scenarios.has_value(); }

const std::string errors_at = R"("kind": "errors", "at": "10s", "for": "5s", "target": "db", "rate": 0.5)";

}  // namespace

TEST_CASE("the base of these tests loads, with a queue among its services") {
  CHECK(loads(""));
  CHECK(loads("{" + errors_at + R"(, "schedule": {"every": "10s", "count": 3}})"));
  CHECK(loads("{" + errors_at + R"(, "schedule": {"random": "poisson", "rate": 0.1, "until": "90s", "duration": {"dist": "exponential", "mean": "3s"}}})"));
}

TEST_CASE("a schedule is a period or random onsets, one of them, with the keys its kind of onsets takes") {
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"every": "10s", "random": "poisson", "rate": 1}})"), "$.faults[0].schedule.random",
                 "found both every and random"));
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"count": 3}})"), "$.faults[0].schedule", "found neither every nor random"));
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"random": "uniform"}})"), "$.faults[0].schedule.count", "missing required key"));
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"random": "uniform", "count": 2, "rate": 1}})"), "$.faults[0].schedule.rate",
                 "a rate is of random onsets \"poisson\""));
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"random": "gaussian"}})"), "$.faults[0].schedule.random", "poisson"));
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"every": "10s", "evry": 2}})"), "$.faults[0].schedule.evry", "did you mean"));
}

TEST_CASE("a period shorter than an occurrence, or a last occurrence past the run's end, is refused") {
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"every": "3s"}})"), "$.faults[0].schedule.every",
                 "expected at least the fault's length (5s)"));
  // 10, 40, 70, 100 s: the fourth ends at 105 s.
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"every": "30s", "count": 4}})"), "$.faults[0].schedule",
                 "the fault's last occurrence ends at 105s"));
  CHECK(loads("{" + errors_at + R"(, "schedule": {"every": "30s", "count": 3}})"));
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"every": "10s", "until": "5s"}})"), "$.faults[0].schedule.until",
                 "expected a time after the fault's at"));
}

TEST_CASE("a blast radius is for faults that take instances, one limit, in a zone of the target") {
  const std::string clock_at = R"("kind": "clock", "at": "10s", "for": "5s", "target": "api", "skew": "5s")";
  CHECK(mentions(errors_of("{" + clock_at + R"(, "schedule": {"every": "10s", "blast_radius": {"instances": 1}}})"),
                 "$.faults[0].schedule.blast_radius", "a clock fault acts on a whole service"));
  const std::string crash = R"("kind": "crash", "at": "10s", "for": "5s", "target": "api", "instances": 1, "pick": "random")";
  CHECK(loads("{" + crash + R"(, "schedule": {"every": "10s", "blast_radius": {"zone": "b"}}})"));
  CHECK(mentions(errors_of("{" + crash + R"(, "schedule": {"every": "10s", "blast_radius": {"zone": "c"}}})"),
                 "$.faults[0].schedule.blast_radius.zone", "expected a zone of \"api\" (\"a\", \"b\")"));
  CHECK(mentions(errors_of("{" + crash + R"(, "schedule": {"every": "10s", "blast_radius": {"instances": 1, "fraction": 0.5}}})"),
                 "$.faults[0].schedule.blast_radius", "found more than one limit"));
  CHECK(mentions(errors_of("{" + crash + R"(, "schedule": {"every": "10s", "blast_radius": {}}})"), "$.faults[0].schedule.blast_radius",
                 "found no limit"));
}

TEST_CASE("a process fault's instances are a count, a list of the target's or a fraction, one of them") {
  const std::string crash = R"("kind": "crash", "at": "10s", "for": "5s", "target": "api")";
  CHECK(loads("{" + crash + R"(, "instances": [0, 3]})"));
  CHECK(mentions(errors_of("{" + crash + R"(, "instances": [0, 4]})"), "$.faults[0].instances",
                 "found instance 4, expected an index below the 4 instances of \"api\""));
  CHECK(mentions(errors_of("{" + crash + R"(, "instances": [1, 1]})"), "$.faults[0].instances[1]", "found 1 twice"));
  CHECK(mentions(errors_of("{" + crash + R"(, "instances": [-1]})"), "$.faults[0].instances[0]", "expected an instance's index"));
  CHECK(mentions(errors_of("{" + crash + R"(, "instances": 5})"), "$.faults[0].instances", "expected at most the 4 instances"));
  CHECK(mentions(errors_of("{" + crash + R"(, "instances": 2, "fraction": 0.5})"), "$.faults[0].fraction", "found both instances and fraction"));
  CHECK(mentions(errors_of("{" + crash + R"(, "instances": [0], "pick": "random"})"), "$.faults[0].pick", "a list says which"));
  CHECK(mentions(errors_of("{" + crash + R"(, "fraction": 0})"), "$.faults[0].fraction", "expected a number"));
  // A staggered restart of all 4, 10 s apart, brings the last back at 45 s; of 4 from 60 s, at 95 s... and at 105 s from 70 s.
  CHECK(loads("{" + crash + R"(, "restart": {"stagger": "10s"}})"));
  CHECK(mentions(errors_of(R"({"kind": "crash", "at": "70s", "for": "5s", "target": "api", "restart": {"stagger": "10s"}})"), "$.faults[0].for",
                 "ends at 105s"));
}

TEST_CASE("a queue's broker does not pause, and a crash loop needs its down and up times") {
  CHECK(mentions(errors_of(R"({"kind": "pause", "at": "10s", "for": "5s", "target": "jobs"})"), "$.faults[0].target", "is a queue"));
  CHECK(mentions(errors_of(R"({"kind": "crash_loop", "at": "10s", "for": "50s", "target": "api", "down": "2s"})"), "$.faults[0].uptime", "missing required key"));
}

TEST_CASE("a drawn split takes of and nodes, not between or direction, over enough nodes to cut") {
  CHECK(loads(R"({"kind": "partition", "at": "10s", "for": "5s", "split": "majorities_ring", "of": ["api", "db"], "nodes": "instances"})"));
  CHECK(mentions(errors_of(R"({"kind": "partition", "at": "10s", "for": "5s", "split": "halves", "between": [["api"], ["db"]]})"),
                 "$.faults[0].between", "a drawn split takes its groups from the run's seed"));
  CHECK(mentions(errors_of(R"({"kind": "partition", "at": "10s", "for": "5s", "split": "halves", "direction": "forward"})"),
                 "$.faults[0].direction", "expected no direction"));
  CHECK(mentions(errors_of(R"({"kind": "partition", "at": "10s", "for": "5s", "between": [["api"], ["db"]], "of": ["api"]})"),
                 "$.faults[0].of", "split \"groups\" names its services in between"));
  CHECK(mentions(errors_of(R"({"kind": "partition", "at": "10s", "for": "5s", "split": "halves", "of": ["apu"]})"), "$.faults[0].of[0]",
                 "did you mean \"api\""));
  CHECK(mentions(errors_of(R"({"kind": "partition", "at": "10s", "for": "5s", "split": "majorities_ring", "of": ["api", "db"]})"),
                 "$.faults[0].split", "found 2 nodes to split, expected at least 3"));
  CHECK(mentions(errors_of(R"({"kind": "partition", "at": "10s", "for": "5s", "split": "halve"})"), "$.faults[0].split", "did you mean \"halves\""));
}

TEST_CASE("network faults: a correlation needs jitter, a black hole's endpoint must be the target's") {
  CHECK(mentions(errors_of(R"({"kind": "latency", "at": "10s", "for": "5s", "target": "db", "add": "5ms", "correlation": 0.5})"),
                 "$.faults[0].correlation", "expected a jitter to correlate"));
  CHECK(mentions(errors_of(R"({"kind": "latency", "at": "10s", "for": "5s", "target": "db", "add": "5ms", "jitter": "1ms", "correlation": 2})"),
                 "$.faults[0].correlation", "expected a number"));
  CHECK(mentions(errors_of(R"({"kind": "blackhole", "at": "10s", "for": "5s", "target": "db", "endpoint": "read"})"), "$.faults[0].endpoint",
                 "which has no endpoints"));
  CHECK(mentions(errors_of(R"({"kind": "blackhole", "at": "10s", "for": "5s", "target": "db", "drop": "sideways"})"), "$.faults[0].drop",
                 "requests"));
  CHECK(mentions(errors_of(R"({"kind": "reorder", "at": "10s", "for": "5s", "target": "db", "rate": 0.1})"), "$.faults[0].delay",
                 "missing required key"));
  CHECK(mentions(errors_of(R"({"kind": "bandwidth", "at": "10s", "for": "5s", "target": "db", "bandwidth": "fast"})"), "$.faults[0].bandwidth",
                 "expected a bandwidth"));
}

TEST_CASE("a clock fault takes a skew ahead or behind, or a drift, or both") {
  CHECK(loads(R"({"kind": "clock", "at": "10s", "for": "5s", "target": "api", "skew": "-2.5s"})"));
  CHECK(loads(R"({"kind": "clock", "at": "10s", "for": "5s", "target": "api", "skew": "1m", "drift_ppm": -50})"));
  CHECK(mentions(errors_of(R"({"kind": "clock", "at": "10s", "for": "5s", "target": "api", "skew": "-5 parsecs"})"), "$.faults[0].skew",
                 "expected a duration, ahead (\"5s\") or behind (\"-5s\")"));
  CHECK(mentions(errors_of(R"({"kind": "clock", "at": "10s", "for": "5s", "target": "api", "skew": 5})"), "$.faults[0].skew", "unit"));
  CHECK(mentions(errors_of(R"({"kind": "clock", "at": "10s", "for": "5s", "target": "api"})"), "$.faults[0].skew", "found neither a skew nor a drift"));
}

TEST_CASE("what would not fit a run is refused: too many occurrences, huge indices, a crash loop without down time") {
  CHECK(mentions(errors_of("{" + errors_at + R"(, "schedule": {"random": "poisson", "rate": 10000}})"), "$.faults[0].schedule",
                 "occurrences a run, expected at most 100000"));
  CHECK(mentions(errors_of(R"({"kind": "errors", "at": "10s", "for": "500us", "target": "db", "rate": 0.5, "schedule": {"every": "500us"}})"),
                 "$.faults[0].schedule", "occurrences a run"));
  CHECK(mentions(errors_of(R"({"kind": "crash", "at": "10s", "for": "5s", "target": "api", "instances": [4000000000]})"),
                 "$.faults[0].instances[0]", "expected an instance's index"));
  CHECK(mentions(errors_of(R"({"kind": "crash", "at": "10s", "for": "5s", "target": "api", "instances": 4000000000})"), "$.faults[0].instances",
                 "expected"));
  CHECK(mentions(errors_of(R"({"kind": "crash_loop", "at": "10s", "for": "50s", "target": "api", "down": "0s", "uptime": "0s"})"),
                 "$.faults[0].down", "expected a length above 0"));
  CHECK(mentions(errors_of(R"({"kind": "clock", "at": "10s", "for": "5s", "target": "api", "skew": "-1000000h"})"), "$.faults[0].skew",
                 "not elsewhere"));
}
