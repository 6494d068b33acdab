#include <catch2/catch.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "reports/report_html.hpp"
#include "reports/results_json.hpp"
#include "reports/timeseries_csv.hpp"
#include "sim/scenario_tester.hpp"
#include "reports/summary.hpp"
#include "sim/bucket_spool.hpp"
#include "sim/recorder.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// A hand-made replication: the client sees `ok` successes and `bad` failures
// per bucket; successes take 10 ms x (bucket + 1), failures 1 ms.
sim::ReplicationResult fake_run(const scenarios::Scenario& s, int ok, int bad) {
  const sim::BucketGrid grid(s.bucket_s, s.duration_s, s.warmup_s);
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
  static int made = 0;
  static const auto folder = sim::SpoolFolder::make("");
  sim::ReplicationResult r;
  r.spool = std::make_shared<const sim::SpoolFile>(folder, fmt::format("fake-{}", made++));
  sim::SpoolWriter spool(r.spool->path());
  sim::BucketFrame frame;
  frame.clients.resize(1);
  frame.services.resize(1);
  frame.edges.resize(1);
  for (auto* recorder : {&client, &service, &edge}) recorder->advance(s.duration_s);
  for (std::size_t k = 0; k < grid.count(); ++k) {
    client.emit(k, frame.clients[0]);
    service.emit(k, frame.services[0]);
    edge.emit(k, frame.edges[0]);
    spool.write(frame);
  }
  spool.close();
  r.bucket_s = s.bucket_s;
  r.duration_s = s.duration_s;
  r.buckets = grid.count();
  r.clients.push_back(client.result());
  r.services.push_back(service.result());
  r.edges.push_back(edge.result());
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
  // Availability 0.9 and 0.8: a mean at the objective whose interval straddles it.
  CHECK(v.slo_checks[0].verdict == reports::Verdict::inconclusive);
  CHECK(v.slo_checks[1].verdict == reports::Verdict::not_met);  // p99 40 ms in both > 35 ms
  CHECK(v.slo_verdict() == reports::Verdict::not_met);

  const auto j = reports::variant_json(v);
  CHECK(j["schema"] == "chaossim/results/v1");
  CHECK(j["clients"]["c"]["availability"] == Approx(0.85));
  CHECK(j["slo"]["met"] == false);
  CHECK(j["edges"][0]["from"] == "c");
  CHECK(j["edges"][0]["rejected"].contains("retry_budget"));
  CHECK(j["faults"].is_array());
}

TEST_CASE("the report's charts are for decisions: availability in nines, latency on a log axis, at most 8 lines a chart") {
  // Ten services: the utilization chart keeps the 7 busiest and groups the rest.
  std::string services, calls;
  for (int i = 0; i < 10; ++i) {
    services += fmt::format(R"(, {{"name": "s{}", "workers": 10, "service_time": {{"dist": "constant", "value": "{}ms"}}}})", i,
                            i + 1);
    calls += fmt::format(R"({}{{"service": "s{}"}})", i == 0 ? "" : ", ", i);
  }
  const auto set = testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "many", "seed": 1,
    "duration": "10s", "services": [{{"name": "api", "workers": 100, "service_time": {{"dist": "constant", "value": "1ms"}},
      "calls": [{}]}}{}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "100/s"}}}}],
    "slo": {{"client": "c", "availability": 0.999}}}})",
                                                  calls, services));
  sim::ResilienceScenarioTester tester(1);
  const auto runs = tester.run({&set.base}, 1, set.base.seed)[0];
  const auto v = reports::variant_json(reports::summarize(set.base, runs));
  const auto charts = reports::report_charts(v);
  const auto chart = [&](const std::string& id) {
    for (const auto& c : charts)
      if (c.id == "base-" + id) return c;
    FAIL("no chart " << id);
    return charts.front();
  };
  const auto utilization = chart("utilization");
  REQUIRE(utilization.lines.size() == 8);
  CHECK(utilization.lines.back().title == "4 others (highest)");
  // The busiest 7 of the 11 are kept: s4 to s9 (5 to 10 ms a call at 100/s on
  // 10 workers: 0.05 to 0.1) and api (1 ms of work and 55 ms of calls a
  // request on 100 workers: 0.056); s0 to s3 are grouped.
  const auto kept = [&](const std::string& name) {
    return std::any_of(utilization.lines.begin(), utilization.lines.end(), [&](const auto& l) { return l.title == name; });
  };
  CHECK(kept("s9"));
  CHECK(kept("s4"));
  CHECK(kept("api"));
  CHECK_FALSE(kept("s3"));
  const auto availability = chart("availability");
  CHECK(availability.log_y);
  REQUIRE(availability.objectives.size() == 1);
  CHECK(availability.objectives[0].second == Approx(0.001));  // 99.9% is 1e-3 of unavailability
  for (const auto& y : availability.lines[0].y) CHECK((!y || *y >= 1e-5));  // perfect buckets drawn at five nines
  CHECK(chart("latency").log_y);
}

TEST_CASE("a report of several variants opens with them side by side: availability, p99, worst recovery, verdict") {
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "two", "seed": 1, "duration": "20s",
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "faults": [{"kind": "errors", "at": "5s", "for": "5s", "target": "api", "rate": 0.5}],
    "slo": {"client": "c", "availability": 0.9},
    "variants": {"broken": {"faults": [{"kind": "errors", "at": "5s", "for": "15s", "target": "api", "rate": 0.5}]}}})");
  sim::ResilienceScenarioTester tester(1);
  const auto runs = tester.run({&set.base, &set.variants[0]}, 1, set.base.seed);
  const auto results = reports::results_json(
      {reports::summarize(set.base, runs[0]), reports::summarize(set.variants[0], runs[1])}, true);
  const std::string html = reports::report_html(results, [](const std::vector<reports::Chart>& charts) {
    return std::vector<std::string>(charts.size(), "<svg></svg>");
  });
  const auto glance = html.find("<caption>Variants side by side</caption>");
  REQUIRE(glance != std::string::npos);
  CHECK(glance < html.find("<h2>Variant base</h2>"));
  const std::string rows = html.substr(glance, html.find("</table>", glance) - glance);
  // base: 5 s of half errors in 20 s, recovered at once; broken: to the end, never recovered.
  CHECK(rows.find("<a href=\"#variant-base\">base</a></td><td class=\"n\">87.") != std::string::npos);
  CHECK(rows.find("never</td><td>not met</td>") != std::string::npos);
  CHECK(rows.find("<tr class=\"failing\"><td><a href=\"#variant-broken\">") != std::string::npos);
}
