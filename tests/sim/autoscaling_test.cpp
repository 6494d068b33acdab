// Autoscaling: with constant arrivals and constant service times every
// decision is known in advance (the load an evaluation measures, the count it
// wants, when the new instances take traffic), so the tests check the exact
// timeline; with Poisson load, the steady state keeps utilization within the
// policy's dead band around its target.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// One service `api` (workers 1, `work`) behind a client sending `arrival`.
std::string scaled_scenario(const std::string& arrival, const std::string& work, const std::string& scaling,
                            const std::string& extra = "", const std::string& faults = "", const std::string& client = "") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "scaling", "seed": 5, "duration": "300s", "warmup": "0s",
    "network": {{"latency": "0ms"}},
    "services": [{{"name": "api", "workers": 1, {}, {}, "autoscaling": {{{}}}}}],
    "clients": [{{"name": "users", "target": "api", "arrival": {} {}}}],
    "faults": [{}]}})",
                     work, extra.empty() ? R"("balancer": "round_robin")" : extra, scaling, arrival, client, faults);
}

// Constant arrivals at `before` until 100 s, at `after` from then on.
std::string step_load(const std::string& before, const std::string& after) {
  return fmt::format(R"({{"process": "constant", "profile": {{"interpolation": "step", "points": [{{"at": "0s", "rate": "{}"}}, {{"at": "100s", "rate": "{}"}}]}}}})",
                     before, after);
}

std::vector<scenarios::Diagnostic> errors_of(const std::string& text) {
  return scenarios::load_scenario_text(text, "scaling.json").errors;
}

}  // namespace

TEST_CASE("new instances take traffic after the startup delay, and each decision adds what the load measured asks for") {
  // 80 ms a request: 12.5/s an instance. 12/s on 2 instances is utilization
  // 0.48 (within 0.1 of 0.5: no change). From 100 s, 48/s: each of the 2
  // serves every other request (24/s offered, no queue), busy 96% of the
  // time. The evaluation at 110 s measures 1.92 busy workers and wants
  // ceil(1.92 / 0.5) = 4, ready at 130 s; at 4 nothing is refused, each is
  // busy 96%: the one at 140 s wants ceil(3.84 / 0.5) = 8, ready at 160 s,
  // where utilization is 0.48 again.
  const auto v = testing::run_all(testing::load_text(scaled_scenario(
      step_load("12/s", "48/s"), R"("service_time": {"dist": "constant", "value": "80ms"})",
      R"("target_utilization": 0.5, "min_instances": 1, "max_instances": 20, "evaluation_period": "10s", "startup_delay": "20s",
         "cooldown": "0s", "scale_up_step": 4)",
      R"("queue": 0, "instances": 2)")))[0];
  const auto& series = v.service_series[0];
  const auto& scaling = *v.services[0].scaling;
  REQUIRE(series.instances.size() == 300);
  for (std::size_t b : {0, 50, 109, 129}) CHECK(series.instances[b] == 2);
  for (std::size_t b : {130, 145, 159}) CHECK(series.instances[b] == 4);
  for (std::size_t b : {160, 200, 299}) CHECK(series.instances[b] == 8);
  CHECK(series.instances_desired[109] == 2);
  CHECK(series.instances_desired[110] == 4);
  CHECK(series.instances_desired[140] == 8);
  CHECK(scaling.scale_outs == 2);
  CHECK(scaling.scale_ins == 0);
  REQUIRE(scaling.time_to_scale_s);
  CHECK(*scaling.time_to_scale_s == Approx(20));  // each decision met exactly a startup delay later
  CHECK(scaling.under_capacity_s == Approx(40));  // 110-130 s and 140-160 s
  CHECK(series.utilization[250] == Approx(0.48).margin(0.01));
  // Refused: 24/s from 100 s to 130 s, of which 110 s to 130 s while the
  // service was under capacity (the decision made, its instances starting).
  const auto& users = v.clients[0];
  CHECK(static_cast<double>(users.failures) == Approx(720).margin(3));
  REQUIRE(users.under_capacity);
  CHECK(static_cast<double>(users.under_capacity->failures) == Approx(480).margin(3));
  CHECK(users.under_capacity->availability_lost ==
        Approx(static_cast<double>(users.under_capacity->failures) / static_cast<double>(users.requests)));
}

TEST_CASE("autoscaling keeps utilization within its dead band around the target in steady state") {
  // Poisson 200/s, exponential 50 ms: 10 busy workers on average. Target 0.5
  // with tolerance 0.1 holds any count N with |10 / (0.5 N) - 1| <= 0.1, N in
  // 19..22, utilization 10 / N in [0.4545, 0.5263]. Started at 4, it climbs
  // there; a queue bound keeps the climb from leaving a backlog behind.
  const auto v = testing::run_all(testing::load_text(
      R"({"schema": "chaossim/scenario/v1", "name": "steady", "seed": 11, "duration": "900s", "warmup": "300s", "replications": 4,
          "network": {"latency": "0ms"},
          "services": [{"name": "api", "workers": 1, "queue": 20, "instances": 4,
                        "service_time": {"dist": "exponential", "mean": "50ms"},
                        "autoscaling": {"target_utilization": 0.5, "max_instances": 40, "evaluation_period": "15s",
                                        "startup_delay": "10s", "cooldown": "30s"}}],
          "clients": [{"name": "users", "target": "api", "arrival": {"process": "poisson", "rate": "200/s"}}]})"))[0];
  const auto& api = v.services[0];
  const auto& scaling = *api.scaling;
  CHECK(scaling.mean_instances >= 19);
  CHECK(scaling.mean_instances <= 22);
  // The band's utilizations, widened by the Poisson noise of 600 s x 4 of
  // load (the offered work's standard error is under 0.3%).
  CHECK(api.utilization >= 10.0 / 22 * 0.99);
  CHECK(api.utilization <= 10.0 / 19 * 1.01);
  CHECK(api.utilization == Approx(api.mean_busy / scaling.mean_instances).epsilon(0.02));
  CHECK(api.mean_busy == Approx(10).epsilon(0.02));
  CHECK(v.clients[0].availability > 0.999);
}

TEST_CASE("an instance found down is replaced on another host, and the new one starts cold") {
  // 3 instances at their minimum and maximum, 12 ms-free load (constant
  // 30/s, 10 ms each): the crash of instance 0 at 52 s is found at the
  // evaluation at 60 s; its replacement takes traffic at 80 s and serves
  // 3x slower until 110 s. Requests sent to the dead host meanwhile are lost.
  const auto v = testing::run_all(testing::load_text(scaled_scenario(
      R"({"process": "constant", "rate": "30/s"})", R"("service_time": {"dist": "constant", "value": "10ms"})",
      R"("target_utilization": 0.1, "min_instances": 3, "max_instances": 3, "evaluation_period": "10s", "startup_delay": "20s",
         "cold_start": {"duration": "30s", "slowdown": 3})",
      R"("instances": 3)", R"({"kind": "crash", "at": "52s", "for": "100s", "target": "api", "instances": 1})",
      R"(, "deadline": "1s")")))[0];
  const auto& series = v.service_series[0];
  const auto& scaling = *v.services[0].scaling;
  CHECK(series.instances[51] == 3);
  CHECK(series.instances[59] == 3);  // not found out yet: still listed, and sent to
  CHECK(series.instances[60] == 2);
  CHECK(series.instances[79] == 2);
  CHECK(series.instances[80] == 3);
  CHECK(series.instances[200] == 3);  // the crashed host came back at 152 s, out of service
  CHECK(scaling.replacements == 1);
  CHECK(scaling.scale_outs == 0);
  CHECK(scaling.under_capacity_s == Approx(28));  // 52 s to 80 s: fewer up than wanted
  // A third of 8 s of requests went to the dead host: lost, their clients timed out.
  CHECK(static_cast<double>(v.services[0].lost + v.clients[0].timeouts) >= 79);
  CHECK(v.clients[0].timeouts == Approx(80).margin(2));
  CHECK(v.clients[0].failures == v.clients[0].timeouts);
  // Round robin over 3, one of them cold: (10 + 10 + 30) / 3 ms.
  CHECK(*series.latency_mean_ms[40] == Approx(10));
  CHECK(*series.latency_mean_ms[90] == Approx(50.0 / 3));
  CHECK(*series.latency_mean_ms[120] == Approx(10));
}

TEST_CASE("with every instance replaced at once, callers are refused until one is ready") {
  // One instance, crashed at 52 s and found at 60 s: nothing is in service
  // until its replacement is ready at 80 s. Callers' balancers have nobody to
  // send to and refuse at once (unavailable), instead of waiting on a dead host.
  const auto v = testing::run_all(testing::load_text(scaled_scenario(
      R"({"process": "constant", "rate": "10/s"})", R"("service_time": {"dist": "constant", "value": "10ms"})",
      R"("target_utilization": 0.1, "min_instances": 1, "max_instances": 1, "evaluation_period": "10s", "startup_delay": "20s")", "",
      R"({"kind": "crash", "at": "52s", "for": "100s", "target": "api"})", R"(, "deadline": "1s")")))[0];
  const auto& users = v.clients[0];
  CHECK(static_cast<double>(users.unavailable) == Approx(200).margin(1));  // 60 s to 80 s
  CHECK(static_cast<double>(users.timeouts) == Approx(80).margin(1));      // 52 s to 60 s, lost on the dead host
  CHECK(v.services[0].scaling->replacements == 1);
  CHECK(v.service_series[0].instances[70] == 0);
  CHECK(v.service_series[0].instances[80] == 1);
}

TEST_CASE("scaling in drains each leaving instance: nothing is lost or refused") {
  // 8 instances at 48/s (utilization 0.48); from 100 s, 12/s: each
  // evaluation from 110 s (every 10 s, no cooldown) removes one instance,
  // down to ceil(0.96 / 0.5) = 2 at 160 s. Each leaving one serves what it holds first.
  const auto v = testing::run_all(testing::load_text(scaled_scenario(
      step_load("48/s", "12/s"), R"("service_time": {"dist": "constant", "value": "80ms"})",
      R"("target_utilization": 0.5, "min_instances": 1, "max_instances": 8, "evaluation_period": "10s", "cooldown": "0s")",
      R"("instances": 8)")))[0];
  const auto& series = v.service_series[0];
  CHECK(series.instances[99] == 8);
  CHECK(series.instances[109] == 8);  // the evaluation at 100 s measured 90-100 s
  CHECK(series.instances[110] == 7);
  CHECK(series.instances[159] == 3);
  CHECK(series.instances[160] == 2);
  CHECK(series.instances[299] == 2);
  CHECK(v.services[0].scaling->scale_ins == 6);
  CHECK(v.services[0].lost == 0);
  CHECK(v.services[0].rejected == 0);
  CHECK(v.clients[0].failures == 0);
  CHECK(v.clients[0].availability == 1.0);
}

TEST_CASE("autoscaling by queue length wants the requests waiting over the target per instance") {
  // 80 ms a request, 2 instances, constant 30/s: each is offered 15/s of the
  // 12.5/s it serves, so its queue grows by 2.5/s: over the first 10 s the
  // two hold 25 waiting on average (a few tenths less: the second's first
  // request comes 33 ms late). Wanting 4 per instance, the evaluation at
  // 10 s asks for ceil(24.9 / 4) = 7, in service 5 s later.
  const auto v = testing::run_all(testing::load_text(scaled_scenario(
      R"({"process": "constant", "rate": "30/s"})", R"("service_time": {"dist": "constant", "value": "80ms"})",
      R"("target_queue_length": 4, "min_instances": 2, "max_instances": 10, "evaluation_period": "10s", "startup_delay": "5s",
         "cooldown": "0s", "scale_up_step": 5)",
      R"("instances": 2)")))[0];
  const auto& series = v.service_series[0];
  CHECK(series.instances_desired[9] == 2);
  CHECK(series.instances_desired[10] == 7);
  CHECK(series.instances[14] == 2);
  CHECK(series.instances[15] == 7);
  CHECK(series.mean_queue[9] == Approx(2 * 2.5 * 9.5).margin(1.5));
  // A queue-length policy wants its minimum whenever nothing waits: later it
  // moves between too few (a queue builds) and enough, never past its maximum.
  for (std::size_t b = 0; b < 300; ++b) {
    CHECK(series.instances[b] >= 2);
    CHECK(series.instances[b] <= 10);
  }
  CHECK(v.clients[0].failures == 0);
}

TEST_CASE("the loader explains a wrong autoscaling policy") {
  const auto scenario = [](const std::string& service) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "bad", "duration": "10s",
      "services": [{{"name": "api", "service_time": {{"dist": "constant", "value": "1ms"}}, {}}},
                   {{"name": "q", "kind": "queue", "capacity": 10, "consumers": [{{"service": "api"}}]}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "1/s"}}}}]}})",
                       service);
  };
  CHECK(testing::mentions(errors_of(scenario(R"("autoscaling": {"max_instances": 4})")), "$.services[0].autoscaling",
                 "exactly one of \"target_utilization\""));
  CHECK(testing::mentions(errors_of(scenario(R"("autoscaling": {"max_instances": 4, "target_utilization": 0.5, "target_queue_length": 3})")),
                 "$.services[0].autoscaling", "exactly one of"));
  CHECK(testing::mentions(errors_of(scenario(R"("autoscaling": {"max_instances": 4, "target_utilization": 1.5})")),
                 "$.services[0].autoscaling.target_utilization", ""));
  CHECK(testing::mentions(errors_of(scenario(R"("autoscaling": {"min_instances": 5, "max_instances": 4, "target_utilization": 0.5})")),
                 "$.services[0].autoscaling.max_instances", "at least min_instances (5)"));
  CHECK(testing::mentions(errors_of(scenario(R"("instances": 9, "autoscaling": {"max_instances": 4, "target_utilization": 0.5})")),
                 "$.services[0].instances", "between autoscaling's min_instances (1) and max_instances (4)"));
  CHECK(testing::mentions(errors_of(scenario(R"("autoscaling": {"max_instances": 4, "target_utilization": 0.5, "cold_start": {"duration": "5s", "slowdown": 0.5}})")),
                 "$.services[0].autoscaling.cold_start.slowdown", ""));
  CHECK(testing::mentions(errors_of(scenario(R"("autoscaling": {"max_instances": 4, "target_utilization": 0.5, "warmup": "5s"})")),
                 "$.services[0].autoscaling.warmup", ""));
  // A crash names instances among the hosts the service may use.
  const auto crash = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "bad", "duration": "10s",
      "services": [{{"name": "api", "service_time": {{"dist": "constant", "value": "1ms"}},
                    "autoscaling": {{"max_instances": 4, "target_utilization": 0.5}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "1/s"}}}}],
      "faults": [{{"kind": "crash", "at": "1s", "for": "1s", "target": "api", "instances": 5}}]}})");
  CHECK(testing::mentions(errors_of(crash), "$.faults[0].instances", "at most the 4 instances of \"api\" (its max_instances)"));
  const auto queue = R"({"schema": "chaossim/scenario/v1", "name": "bad", "duration": "10s",
      "services": [{"name": "q", "kind": "queue", "capacity": 10, "consumers": [{"service": "w"}],
                    "autoscaling": {"max_instances": 4, "target_utilization": 0.5}},
                   {"name": "w", "service_time": {"dist": "constant", "value": "1ms"}}],
      "clients": [{"name": "c", "target": "q", "arrival": {"process": "constant", "rate": "1/s"}}]})";
  CHECK(testing::mentions(errors_of(queue), "$.services[0].autoscaling", "a queue does no work of its own"));
}

TEST_CASE("the diurnal-load example: autoscaling meets the SLO through the day and a zone's outage, at a third of the peak sizing") {
  const auto set = *scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/diurnal-load.json").scenarios;
  const auto runs = testing::run_all(set);
  REQUIRE(runs.size() == 3);  // base, fixed-for-mean, fixed-for-peak
  const auto& scaled = runs[0];
  const auto& for_mean = runs[1];
  const auto& for_peak = runs[2];
  CHECK(scaled.slo_met());
  CHECK_FALSE(for_mean.slo_met());
  CHECK(for_peak.slo_met());
  const auto& scaling = *scaled.services[0].scaling;
  CHECK(scaling.mean_instances < 12.0 / 2);  // fewer than half the instance-hours of the peak sizing
  CHECK(scaling.replacements >= 2);          // a zone's share of the instances, in each replication
  // The nights at the minimum, the evening peak well above it.
  const auto& instances = scaled.service_series[0].instances;
  CHECK(instances[3 * 12] == 3);    // 03:00, 5-minute buckets
  CHECK(instances[19 * 12] >= 6);   // 19:00
  // Inside the zone's outage the health check finds the dead instances, and the scaled API holds as the peak sizing does.
  CHECK(*scaled.faults[0].availability > 0.995);
  CHECK(*for_mean.faults[0].availability < 0.75);
  REQUIRE(scaled.clients[0].under_capacity);
  CHECK(scaled.clients[0].under_capacity->availability_lost < 1 - scaled.clients[0].availability);
}

TEST_CASE("an instance whose host is down when its startup ends takes traffic once the host is back") {
  // Hosts 0-3 in zones a, b, c, a. Host 0 crashes at 5 s; the evaluation at
  // 10 s starts a replacement on host 2 (zone c), due at 12 s; zone c is
  // down from 11 s to 12.5 s, so the replacement is ready when its host
  // comes back, at 12.5 s, before the next evaluation could find it down.
  const auto v = testing::run_all(testing::load_text(
      R"({"schema": "chaossim/scenario/v1", "name": "late", "seed": 3, "duration": "40s", "warmup": "0s",
          "network": {"latency": "0ms"},
          "services": [{"name": "api", "instances": 2, "zones": ["a", "b", "c"], "service_time": {"dist": "constant", "value": "10ms"},
                        "autoscaling": {"target_utilization": 0.5, "min_instances": 2, "max_instances": 2,
                                        "evaluation_period": "10s", "startup_delay": "2s"}}],
          "clients": [{"name": "users", "target": "api", "deadline": "1s", "arrival": {"process": "constant", "rate": "10/s"}}],
          "faults": [{"kind": "crash", "at": "5s", "for": "30s", "target": "api", "instances": 1},
                     {"kind": "zone_outage", "at": "11s", "for": "1500ms", "zone": "c"}]})"))[0];
  const auto& levels = v.service_series[0];
  CHECK(levels.instances[11] == 1);
  CHECK(levels.instances[12] == Approx(1.5));  // in service from 12.5 s
  CHECK(levels.instances[13] == 2);
  CHECK(levels.instances[39] == 2);
  CHECK(v.services[0].scaling->replacements == 1);
}
