// Process faults on a run: a pause that stops and resumes, a crash loop, a
// split drawn between instances, and occurrences in the outputs.
#include <algorithm>
#include <cmath>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reports/results_json.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// An M/M/1 at rho 0.5: 5 requests a second, 100 ms each on average, one worker.
std::string mm1(const std::string& faults, int replications, const std::string& duration = "20s", const std::string& bucket = "20ms") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "mm1", "seed": 11, "duration": "{}", "bucket": "{}",
    "replications": {}, "network": {{"latency": "0ms"}},
    "services": [{{"name": "api", "workers": 1, "service_time": {{"dist": "exponential", "mean": "100ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "5/s"}}}}],
    "faults": [{}]}})",
                     duration, bucket, replications, faults);
}

}  // namespace

TEST_CASE("a 2 s pause of an M/M/1 at rho 0.5 leaves a backlog of about 2 s x lambda that drains at mu - lambda") {
  // Paused from 10 s to 12 s: the requests that arrived meanwhile (10 on
  // average) wait, with those it held, and are taken up at 12 s. Then the
  // queue, N(12) - 1 waiting, drains as a random walk with drift mu - lambda
  // = 5/s: it is empty after E[N(12) - 1] / 5 = (1 + 10 - 1) / 5 = 2 s on
  // average (N(10) is the stationary number in system, of mean rho / (1 - rho) = 1).
  const auto runs = testing::run_each_replication(testing::load_text(mm1(R"({"kind": "pause", "at": "10s", "for": "2s", "target": "api"})", 200)));
  const double bucket = 0.02;
  const auto resume = static_cast<std::size_t>(std::lround(12 / bucket));
  std::vector<double> backlog, drain;
  for (const auto& v : runs) {
    const auto& queue = v.service_series[0].mean_queue;
    REQUIRE(v.series_every == 1);
    backlog.push_back(queue[resume - 1]);
    std::size_t k = resume;
    while (k < queue.size() && queue[k] > 0) ++k;
    drain.push_back(static_cast<double>(k - resume) * bucket);
    // Nothing is lost or refused: messages to a paused process wait.
    CHECK(v.clients[0].failures == 0);
    CHECK(v.services[0].lost == 0);
  }
  // What arrives while it is paused waits to be read, as in a stopped
  // process's socket, not in its queue: through the pause the queue keeps
  // what it held at 10 s, the stationary rho^2 / (1 - rho) = 0.5 waiting.
  testing::check_within_ci99(backlog, 0.5);
  std::vector<double> after;
  for (const auto& v : runs) after.push_back(v.service_series[0].mean_queue[resume]);
  // In the first bucket after it, N(12) - 1 = 10 wait, less the few the first 20 ms serve.
  const auto ci = reports::mean_ci(after, 0.99);
  REQUIRE(ci);
  CHECK(ci->first <= 10.0);
  CHECK(ci->second >= 10.0 - 0.02 * 10);  // at most a service rate of 10/s for 20 ms gone
  // The drain time, read as the first whole bucket without a queue: it comes
  // at most a few buckets after the queue first empties (a new arrival may
  // start another short busy spell). Theory: 2 s.
  const auto dci = reports::mean_ci(drain, 0.99);
  REQUIRE(dci);
  INFO("drain mean " << reports::mean(drain) << ", 99% CI [" << dci->first << ", " << dci->second << "]");
  CHECK(dci->first <= 2.0 + 5 * bucket);
  CHECK(dci->second >= 2.0);
}

TEST_CASE("a paused instance's health check goes unanswered until it resumes") {
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "p", "seed": 3, "duration": "40s",
    "network": {"latency": "1ms"},
    "pipelines": {"checked": {"health_check": {"interval": "1s", "timeout": "200ms", "unhealthy_after": 2, "healthy_after": 1}}},
    "services": [{"name": "api", "workers": 50, "service_time": {"dist": "constant", "value": "2ms"}, "calls": [{"service": "db", "pipeline": "checked"}]},
                 {"name": "db", "instances": 2, "workers": 10, "service_time": {"dist": "constant", "value": "2ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "50/s"}}],
    "faults": [{"kind": "pause", "at": "10s", "for": "10s", "target": "db", "instances": [1]}]})"))[0];
  // The breaker-free balancer keeps sending to the paused instance until its
  // checks fail twice; what it sent meanwhile waits and succeeds at 20 s.
  REQUIRE(v.faults[0].detect_s);
  CHECK(*v.faults[0].detect_s < 3.5);
  CHECK(v.clients[0].failures == 0);
  CHECK(v.services[1].lost == 0);
}

TEST_CASE("a crash loop fails the requests of its down spells: down / (down + uptime) of the loop") {
  // 20 requests a second at one instance that refuses for 2 s in every 10 s,
  // from 10 s to 110 s: 20 of the run's 120 s.
  const auto runs = testing::run_each_replication(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "loop", "seed": 5,
    "duration": "120s", "replications": 12, "network": {"latency": "0ms"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "20/s"}}],
    "faults": [{"kind": "crash_loop", "at": "10s", "for": "100s", "target": "api", "mode": "refuse", "down": "2s", "uptime": "8s"}]})"));
  std::vector<double> availability;
  for (const auto& v : runs) availability.push_back(v.clients[0].availability);
  testing::check_within_ci99(availability, 1 - 20.0 / 120);
}

TEST_CASE("a split drawn between instances fails what crosses it, as results.json records what was drawn") {
  // api calls db's two instances in turn and gives up on a call after 100 ms.
  // Isolating one of api#0, db#0, db#1 fails every call (api#0) or half (a db).
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "split", "seed": 8, "duration": "40s",
    "replications": 8, "network": {"latency": "1ms"},
    "pipelines": {"quick": {"timeout": {"after": "100ms"}}},
    "services": [{"name": "api", "workers": 100, "service_time": {"dist": "constant", "value": "1ms"},
                  "calls": [{"service": "db", "pipeline": "quick"}]},
                 {"name": "db", "instances": 2, "workers": 100, "balancer": "round_robin", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "50/s"}}],
    "faults": [{"kind": "partition", "at": "10s", "for": "20s", "split": "isolate", "of": ["api", "db"], "nodes": "instances"}]})");
  const auto runs = testing::run_each_replication(set);
  std::set<std::string> isolated;
  for (const auto& v : runs) {
    REQUIRE(v.faults[0].occurrences.size() == 1);
    const auto& o = v.faults[0].occurrences[0];
    REQUIRE(o.groups.size() == 2);
    REQUIRE(o.groups[0].size() == 1);
    isolated.insert(o.groups[0][0]);
    const double expected = o.groups[0][0] == "api#0" ? 0.0 : 0.5;
    REQUIRE(v.faults[0].availability);
    // About 1,000 requests in the window; a call that left just before it ends
    // may still get through or time out: a few either way.
    INFO("isolated " << o.groups[0][0]);
    CHECK(*v.faults[0].availability == Approx(expected).margin(0.02));
  }
  CHECK(isolated.size() > 1);  // replications draw their own splits
}

TEST_CASE("each occurrence of a repeating fault has its own detection and recovery, and its window in the time series") {
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "again", "seed": 2, "duration": "60s",
    "network": {"latency": "1ms"},
    "pipelines": {"guarded": {"circuit_breaker": {"failure_rate": 0.5, "window": {"kind": "count", "size": 10}, "minimum_calls": 5, "open_for": "2s"}}},
    "services": [{"name": "api", "workers": 50, "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "db", "pipeline": "guarded"}]},
                 {"name": "db", "workers": 50, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "faults": [{"kind": "errors", "at": "10s", "for": "5s", "target": "db", "rate": 1, "schedule": {"every": "15s", "count": 3}}]})");
  const auto v = testing::run_all(set)[0];
  const auto& f = v.faults[0];
  REQUIRE(f.occurrences.size() == 3);
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& o = f.occurrences[k];
    CHECK(o.start_s == Approx(10 + 15.0 * static_cast<double>(k)));
    CHECK(o.end_s == Approx(15 + 15.0 * static_cast<double>(k)));
    REQUIRE(o.detect_s);
    CHECK(*o.detect_s < 0.5);  // the breaker opens within the first calls
    REQUIRE(o.recover_s);
  }
  CHECK(f.start_s == 10);
  CHECK(f.end_s == 45);
  const auto json = reports::variant_json(v);
  const auto& windows = json["timeseries"]["faults"];
  REQUIRE(windows.size() == 3);
  CHECK(windows[2]["start_s"] == 40.0);
  CHECK(json["faults"][0]["occurrences"].size() == 3);
}

TEST_CASE("the Jepsen-style example: a majorities ring that comes and goes, each occurrence drawn, shaded and judged") {
  const auto loaded = scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/jepsen-quorum.json");
  REQUIRE(loaded.scenarios);
  const auto summaries = testing::run_all(*loaded.scenarios);
  const auto& quorum = summaries[0];
  const auto& f = quorum.faults[0];
  REQUIRE(f.occurrences.size() == 8 * 3);  // every 10 s from 20 s, in each of 3 replications
  for (const auto& o : f.occurrences) {
    REQUIRE(o.views.size() == 6);  // api#0..2, store#0..2
    std::set<std::vector<std::string>> distinct;
    for (const auto& [node, heard] : o.views) {
      CHECK(heard.size() == 4);  // a majority of 6
      distinct.insert(heard);
    }
    CHECK(distinct.size() == 6);
  }
  CHECK(reports::variant_json(quorum)["timeseries"]["faults"].size() == 8);
  // Reading one replica rides the rings out better than a quorum, and a quorum better than all three.
  const auto in_window = [&](const std::string& variant) {
    for (const auto& v : summaries)
      if (v.variant == variant) return v.faults[0].availability.value_or(-1);
    return -1.0;
  };
  CHECK(in_window("read-one") > in_window("base"));
  CHECK(in_window("base") > in_window("read-all"));
}
