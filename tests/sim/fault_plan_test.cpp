// The fault timeline as SimGrid plays it: overlapping faults stack.
#include <catch2/catch.hpp>

#include "sim/fault_plan.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

scenarios::Scenario with_faults(const std::string& faults) {
  return testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "plan", "duration": "100s",
    "services": [{"name": "a", "instances": 3, "service_time": {"dist": "constant", "value": "1ms"}},
                 {"name": "b", "service_time": {"dist": "constant", "value": "1ms"}},
                 {"name": "c", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "u", "target": "a", "arrival": {"process": "poisson", "rate": "1/s"}}],
    "faults": [)" + faults + "]}")
      .base;
}

// The effects of the faults' occurrences, as a run with seed 1 plays them.
sim::FaultEffects effects_of(const scenarios::Scenario& s) { return sim::fault_effects(s, sim::fault_timeline(s, 1)); }

double value_at(const sim::Timeline& timeline, double t, double nominal) {
  double v = nominal;
  for (const auto& step : timeline)
    if (step.at <= t) v = step.value;
  return v;
}

}  // namespace

TEST_CASE("overlapping degradations multiply their speeds, each over its own window") {
  const auto s = with_faults(R"({"kind": "degradation", "at": "10s", "for": "20s", "target": "a", "speed": {"from": 0.5, "to": 0.5}},
                                {"kind": "degradation", "at": "20s", "for": "20s", "target": "a", "speed": {"from": 0.4, "to": 0.4}})");
  const auto speed = sim::host_speed(effects_of(s), 0, 1);
  CHECK(value_at(speed, 5, 1) == 1.0);
  CHECK(value_at(speed, 15, 1) == 0.5);
  CHECK(value_at(speed, 25, 1) == Approx(0.2));
  CHECK(value_at(speed, 35, 1) == Approx(0.4));
  CHECK(value_at(speed, 45, 1) == 1.0);
  CHECK(sim::host_speed(effects_of(s), 1, 0).empty());  // b is untouched
}

TEST_CASE("a ramp is played in steps at its middle values, and ramping back ends the fault later") {
  const auto s = with_faults(
      R"({"kind": "degradation", "at": "0s", "for": "10s", "target": "b", "speed": {"from": 1.0, "to": 0.2}, "recover": "ramp"})");
  const auto speed = sim::host_speed(effects_of(s), 1, 0);
  CHECK(value_at(speed, 0.05, 1) == Approx(1 - 0.8 * 0.005));  // the first step, [0, 0.1), at 0.05
  CHECK(value_at(speed, 9.95, 1) == Approx(1 - 0.8 * 0.995));
  CHECK(value_at(speed, 15.0, 1) == Approx(0.2 + 0.8 * 0.505));  // halfway back, [15, 15.1)
  CHECK(value_at(speed, 20.0, 1) == 1.0);
  CHECK(s.faults[0].end_s() == 20);
}

TEST_CASE("crashes take instances 0 to n-1 down while any crash holds them") {
  const auto s = with_faults(R"({"kind": "crash", "at": "10s", "for": "10s", "target": "a", "instances": 2},
                                {"kind": "crash", "at": "15s", "for": "10s", "target": "a", "instances": 1})");
  const auto first = sim::host_state(effects_of(s), 0, 0);
  CHECK(value_at(first, 12, 1) == 0);
  CHECK(value_at(first, 22, 1) == 0);  // the second crash still holds it
  CHECK(value_at(first, 26, 1) == 1);
  const auto second = sim::host_state(effects_of(s), 0, 1);
  CHECK(value_at(second, 12, 1) == 0);
  CHECK(value_at(second, 22, 1) == 1);
  CHECK(sim::host_state(effects_of(s), 0, 2).empty());  // the third never crashes
}

TEST_CASE("latency faults add up on the target's egress, the jittered part is left to each message") {
  const auto s = with_faults(R"({"kind": "latency", "at": "10s", "for": "10s", "target": "b", "add": "30ms"},
                                {"kind": "latency", "at": "15s", "for": "10s", "target": "b", "add": "50ms", "jitter": "20ms"})");
  const auto latency = sim::egress_latency(effects_of(s), 1, 0, 0.001);
  CHECK(value_at(latency, 12, 0.001) == Approx(0.031));
  CHECK(value_at(latency, 17, 0.001) == Approx(0.001 + 0.030 + 0.030));
  CHECK(value_at(latency, 22, 0.001) == Approx(0.031));
  CHECK(value_at(latency, 30, 0.001) == 0.001);
}

TEST_CASE("a partition cuts the pairs across it, in its direction, and no other") {
  const auto both = with_faults(R"({"kind": "partition", "at": "10s", "for": "10s", "between": [["a"], ["b", "c"]]})");
  CHECK(effects_of(both).cuts.count({0, 1}));
  CHECK(effects_of(both).cuts.count({2, 0}));
  CHECK_FALSE(effects_of(both).cuts.count({1, 2}));  // b and c are on the same side
  CHECK(value_at(sim::route_state(effects_of(both), 0, 2), 15, 1) == 0);
  CHECK(value_at(sim::route_state(effects_of(both), 0, 2), 20, 1) == 1);
  const auto forward =
      with_faults(R"({"kind": "partition", "at": "10s", "for": "10s", "between": [["a"], ["b"]], "direction": "forward"})");
  CHECK(effects_of(forward).cuts.count({0, 1}));
  CHECK_FALSE(effects_of(forward).cuts.count({1, 0}));
}

TEST_CASE("each fault kind's module puts its effect on its hook, over the fault's window") {
  const auto s = with_faults(R"({"kind": "errors", "at": "1s", "for": "2s", "target": "b", "rate": 0.3},
                                {"kind": "packet_loss", "at": "2s", "for": "2s", "target": "c", "rate": 0.2},
                                {"kind": "duplicate", "at": "3s", "for": "2s", "target": "a", "rate": 0.1},
                                {"kind": "overload", "at": "4s", "for": "2s", "client": "u", "multiplier": 3},
                                {"kind": "latency", "at": "5s", "for": "2s", "target": "b", "add": "40ms", "jitter": "10ms"})");
  const auto effects = effects_of(s);
  REQUIRE(effects.services.size() == 3);
  REQUIRE(effects.services[1].errors.size() == 1);
  CHECK(effects.services[1].errors[0].start == 1);
  CHECK(effects.services[1].errors[0].end == 3);
  CHECK(effects.services[1].errors[0].value == 0.3);
  REQUIRE(effects.services[2].loss.size() == 1);
  CHECK(effects.services[2].loss[0].value == 0.2);
  REQUIRE(effects.services[0].duplicate.size() == 1);
  CHECK(effects.services[0].duplicate[0].active_at(4.5));
  CHECK_FALSE(effects.services[0].duplicate[0].active_at(5));  // the end is excluded
  REQUIRE(effects.arrival_multipliers.at(0).size() == 1);
  CHECK(effects.arrival_multipliers[0][0].value == 3);
  REQUIRE(effects.services[1].jitter.size() == 1);
  CHECK(effects.services[1].jitter[0].add == Approx(0.04));
  CHECK(effects.services[1].egress_latency.at(0).value == Approx(0.03));
  // Nothing else was touched.
  CHECK(effects.services[0].errors.empty());
  CHECK(effects.services[2].duplicate.empty());
  CHECK(effects.cuts.empty());
}

TEST_CASE("a fault kind's keys are the ones its reader asks for, objects within it included") {
  const auto degradation = scenarios::fault_keys(scenarios::FaultKind::degradation);
  CHECK(degradation.keys == std::vector<std::string_view>{"target", "instances", "fraction", "pick", "speed", "recover"});
  REQUIRE(degradation.objects.size() == 1);
  CHECK(degradation.objects[0].key == "speed");
  CHECK(degradation.objects[0].keys == std::vector<std::string_view>{"from", "to"});
  CHECK(scenarios::fault_keys(scenarios::FaultKind::partition).keys ==
        std::vector<std::string_view>{"split", "between", "direction", "of", "nodes"});
  const auto crash = scenarios::fault_keys(scenarios::FaultKind::crash);
  CHECK(crash.keys == std::vector<std::string_view>{"target", "instances", "fraction", "pick", "mode", "restart"});
  REQUIRE(crash.objects.size() == 1);
  CHECK(crash.objects[0].keys == std::vector<std::string_view>{"stagger"});
}
