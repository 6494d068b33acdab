#include <catch2/catch.hpp>

#include "reports/results_json.hpp"
#include "reports/summary.hpp"
#include "sim/recorder.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// A hand-made replication: the client sees `ok` successes and `bad` failures
// per bucket; successes take 10 ms x (bucket + 1), failures 1 ms.
sim::ReplicationResult fake_run(const scenarios::Scenario& s, int ok, int bad) {
  const sim::BucketGrid grid(s.bucket_s, s.duration_s);
  sim::Recorder client(grid), service(grid), edge(grid);
  for (std::size_t b = 0; b < grid.count(); ++b) {
    const double t = grid.start_of(b) + 0.5;
    client.count(sim::Counter::requests, t, ok + bad);
    client.count(sim::Counter::successes, t, ok);
    client.count(sim::Counter::failures, t, bad);
    for (int i = 0; i < ok; ++i) client.latency(t, 0.010 * static_cast<double>(b + 1), sim::Ending::success);
    for (int i = 0; i < bad; ++i) client.latency(t, 0.001, sim::Ending::failure);
  }
  service.change(sim::Level::busy, 0, 1);
  sim::ReplicationResult r;
  r.bucket_s = s.bucket_s;
  r.duration_s = s.duration_s;
  r.clients.push_back(client.finish(s.duration_s));
  r.services.push_back(service.finish(s.duration_s));
  r.edges.push_back(edge.finish(s.duration_s));
  return r;
}

}  // namespace

TEST_CASE("fast failures do not make latency look good: the SLO's objectives are judged on successes") {
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "s", "duration": "4s", "warmup": "1s",
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "1/s"}}],
    "slo": {"client": "c", "latency": {"p50": "5ms"}}})");
  // 1 success in 10: every request's median is a 1 ms refusal.
  const auto v = reports::summarize(set.base, {fake_run(set.base, 1, 9)});
  const auto& c = v.clients[0];
  CHECK(c.latency.p50_ms == Approx(1).epsilon(0.01));
  REQUIRE(c.success_latency);
  CHECK(c.success_latency->p50_ms == Approx(30).epsilon(0.01));
  REQUIRE(v.slo_checks.size() == 1);
  CHECK(*v.slo_checks[0].actual == Approx(30).epsilon(0.01));
  CHECK_FALSE(v.slo_met());

  // Nothing succeeded: no success latency, and the objective is not met.
  const auto none = reports::summarize(set.base, {fake_run(set.base, 0, 10)});
  CHECK_FALSE(none.clients[0].success_latency);
  CHECK_FALSE(none.slo_checks[0].actual);
  CHECK_FALSE(none.slo_met());
  const auto j = reports::variant_json(none);
  CHECK(j["clients"]["c"]["success_latency_ms"]["p95"].is_null());
  CHECK(j["clients"]["c"]["failure_latency_ms"]["p95"] == Approx(1).epsilon(0.01));
}

TEST_CASE("client figures skip the warmup buckets and average replications") {
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "s", "duration": "4s", "warmup": "1s",
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "1/s"}}],
    "slo": {"client": "c", "availability": 0.85, "latency": {"p99": "35ms"}}})");
  const auto v = reports::summarize(set.base, {fake_run(set.base, 9, 1), fake_run(set.base, 8, 2)});
  const auto& c = v.clients[0];
  CHECK(c.requests == 2 * 3 * 10);  // 3 buckets after warmup, 2 replications
  CHECK(c.availability == Approx(0.85));
  REQUIRE(c.availability_ci95);
  CHECK(c.availability_ci95->first < 0.85);
  CHECK(c.latency.max_ms == Approx(40));
  CHECK(c.latency.p50_ms == Approx(30).epsilon(0.01));
  REQUIRE(c.success_latency);
  REQUIRE(c.failure_latency);
  CHECK(c.success_latency->mean_ms == Approx(30));  // 20, 30 and 40 ms in equal numbers
  CHECK(c.failure_latency->p99_ms == Approx(1).epsilon(0.01));
  CHECK(c.failure_latency->max_ms == Approx(1));
  CHECK(v.services[0].utilization == Approx(0.5));  // 1 of 2 workers busy
  REQUIRE(v.client_series[0].availability.size() == 4);
  CHECK(*v.client_series[0].availability[0] == Approx(0.85));  // the time series keeps warmup buckets
  REQUIRE(v.slo_checks.size() == 2);
  CHECK(v.slo_checks[0].met);        // availability 0.85 >= 0.85
  CHECK_FALSE(v.slo_checks[1].met);  // p99 40 ms > 35 ms
  CHECK_FALSE(v.slo_met());

  const auto j = reports::variant_json(v);
  CHECK(j["schema"] == "chaossim/results/v1");
  CHECK(j["clients"]["c"]["availability"] == Approx(0.85));
  CHECK(j["slo"]["met"] == false);
  CHECK(j["edges"][0]["from"] == "c");
  CHECK(j["edges"][0]["rejected"].contains("retry_budget"));
  CHECK(j["faults"].is_array());
}
