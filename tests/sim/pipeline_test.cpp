// Resilience pipelines on simulated calls: each pattern's effect as a user
// would check it in results.json.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;
using patterns::PatternKind;

namespace {

// A client calling `api` through pipeline "p"; api calls nothing.
std::string through_pipeline(const std::string& pipeline, const std::string& api, const std::string& rate = "100/s",
                             const std::string& extra_client = "") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "p", "seed": 5, "duration": "20s",
    "network": {{"latency": "1ms"}},
    "services": [{{"name": "api", {}}}],
    "clients": [{{"name": "c", "target": "api", "pipeline": "p", {} "arrival": {{"process": "constant", "rate": "{}"}}}}],
    "pipelines": {{"p": {}}}}})",
                     api, extra_client, rate, pipeline);
}

const std::string failing_api = R"("workers": 50, "errors": 1.0, "service_time": {"dist": "constant", "value": "2ms"})";

}  // namespace

TEST_CASE("a breaker on a dependency that fails every call trips after exactly minimum_calls calls and lets none through while open") {
  const auto v = testing::run_all(testing::load_text(through_pipeline(
      R"({"circuit_breaker": {"window": {"kind": "count", "size": 10}, "minimum_calls": 5, "failure_rate": 0.5, "open_for": "1h"}})",
      failing_api)))[0];
  const auto& edge = v.edges[0];
  CHECK(v.services[0].requests == 5);
  CHECK(edge.attempts == 5);
  CHECK(edge.rejected_by[PatternKind::circuit_breaker] == edge.calls - 5);
  // Amplification counts the calls that reached the wire: 5 attempts for 5 calls,
  // not 5 for the 2,000 the breaker turned away.
  CHECK(edge.retry_amplification == 1.0);
  CHECK(edge.attempts_per_call == Approx(5.0 / static_cast<double>(edge.calls)));
  // Open from the 5th call's answer (about 0.05 s) to the end of the 20 s run.
  CHECK(edge.circuit_open_s == Approx(20 - 0.05).epsilon(0.01));
  // The time series shows it: open through every bucket but part of the first.
  const auto& series = v.edge_series[0];
  CHECK(series.circuit_open[0] == Approx(0.95).epsilon(0.02));
  CHECK(series.circuit_open[10] == 1.0);
  CHECK(series.rejected[10] == 100);
}

TEST_CASE("a consecutive-5 breaker in a run opens on the 5th failure in a row, after a thousand successes") {
  // The api succeeds until an errors fault fails everything from 10 s: the
  // thousand earlier successes do not matter, 5 failures in a row do.
  auto text = through_pipeline(R"({"circuit_breaker": {"window": {"kind": "consecutive", "size": 5}, "open_for": "1h"}})",
                               R"("workers": 50, "service_time": {"dist": "constant", "value": "2ms"})");
  text.insert(text.rfind('}'), R"(, "faults": [{"kind": "errors", "at": "10s", "for": "10s", "target": "api", "rate": 1.0}])");
  const auto v = testing::run_all(testing::load_text(text))[0];
  CHECK(v.services[0].successes >= 999);  // every request before 10 s (100/s)
  CHECK(v.services[0].failures == 5);
  CHECK(v.edges[0].rejected_by[PatternKind::circuit_breaker] == v.edges[0].calls - v.services[0].successes - 5);
}

TEST_CASE("the loader explains the breaker and jitter variants' mistakes") {
  const auto errors = [](const std::string& pipeline) {
    return scenarios::load_scenario_text(through_pipeline(pipeline, failing_api), "p.json").errors;
  };
  CHECK(testing::mentions(errors(R"({"circuit_breaker": {"window": {"kind": "consecutive", "size": 5}, "failure_rate": 0.5}})"),
                          "$.pipelines.p.circuit_breaker.failure_rate", "a consecutive window opens on its size's failures in a row"));
  CHECK(testing::mentions(errors(R"({"circuit_breaker": {"successes_to_close": 4, "half_open_calls": 2}})"),
                          "$.pipelines.p.circuit_breaker.successes_to_close", "4 above half_open_calls (2)"));
  CHECK(errors(R"({"circuit_breaker": {"successes_to_close": 4}})").empty());  // half_open_calls follows it
  // Without successes_to_close, a consecutive window's half-open needs every probe to succeed.
  const auto set = testing::load_text(through_pipeline(
      R"({"circuit_breaker": {"window": {"kind": "consecutive", "size": 5}, "half_open_calls": 2}})", failing_api));
  CHECK(set.base.pipelines.at("p").circuit_breaker->successes_to_close == 2);
  CHECK(testing::mentions(errors(R"({"retry": {"jitter": "proportional"}})"), "$.pipelines.p.retry.jitter",
                          "expected {\"kind\": \"proportional\", \"fraction\": 0.5}"));
  CHECK(testing::mentions(errors(R"({"retry": {"jitter": {"kind": "full", "fraction": 0.5}}})"), "$.pipelines.p.retry.jitter.fraction",
                          "only a proportional jitter takes a fraction"));
  CHECK(testing::mentions(errors(R"({"retry": {"jitter": {"kind": "proportional", "fraction": 1.5}}})"),
                          "$.pipelines.p.retry.jitter.fraction", ""));
  CHECK(errors(R"({"retry": {"jitter": {"kind": "proportional", "fraction": 0.5}}})").empty());
}

TEST_CASE("a rejected request names the pattern that refused it") {
  const auto breaker = testing::run_all(testing::load_text(through_pipeline(
      R"({"circuit_breaker": {"window": {"kind": "count", "size": 10}, "minimum_calls": 5, "open_for": "1h"}})",
      failing_api)))[0];
  const auto& c = breaker.clients[0];
  CHECK(c.rejected == c.requests - 5);
  CHECK(c.rejected_by[PatternKind::circuit_breaker] == c.rejected);
  CHECK(c.rejected_by[PatternKind::bulkhead] + c.rejected_by[PatternKind::rate_limiter] == 0);

  // A limiter at half the offered rate refuses about half, and nothing else does.
  const auto limited = testing::run_all(testing::load_text(through_pipeline(
      R"({"rate_limiter": {"kind": "token_bucket", "rate": "50/s", "burst": 1}})",
      R"("workers": 10, "service_time": {"dist": "constant", "value": "1ms"})")))[0];
  const auto& l = limited.clients[0];
  CHECK(l.rejected_by[PatternKind::rate_limiter] == l.rejected);
  CHECK(l.rejected == Approx(l.requests / 2).margin(2));
  CHECK(l.rejected_by[PatternKind::circuit_breaker] + l.rejected_by[PatternKind::bulkhead] == 0);
}

TEST_CASE("retries multiply attempts: amplification is attempts over calls") {
  const auto v = testing::run_all(testing::load_text(through_pipeline(
      R"({"retry": {"max_attempts": 3, "backoff": {"kind": "fixed", "initial": "10ms"}}})", failing_api)))[0];
  const auto& edge = v.edges[0];
  CHECK(edge.attempts == edge.sent + edge.retries);  // a first attempt per call started, and the retries
  // Every call makes 3 attempts, but for the few still retrying when the run ends.
  CHECK(edge.retry_amplification == Approx(3.0).epsilon(0.002));
  CHECK(v.clients[0].availability == 0);
}

TEST_CASE("a retry budget of 0.1 holds amplification near 1.1 under total failure") {
  const auto v = testing::run_all(testing::load_text(through_pipeline(
      R"({"retry": {"max_attempts": 4, "backoff": {"kind": "fixed", "initial": "10ms"}, "budget": {"ratio": 0.1, "min_per_second": 0}}})",
      failing_api, "500/s")))[0];
  const auto& edge = v.edges[0];
  CHECK(edge.retry_amplification == Approx(1.1).epsilon(0.01));
  CHECK(edge.rejected_retry_budget > edge.calls / 2);
}

TEST_CASE("a timeout abandons a slow call at its limit while the server still does the work") {
  const auto v = testing::run_all(testing::load_text(through_pipeline(
      R"({"timeout": {"after": "50ms"}})", R"("workers": 100, "service_time": {"dist": "constant", "value": "200ms"})")))[0];
  const auto& c = v.clients[0];
  CHECK(c.availability == 0);
  CHECK(c.latency.max_ms == Approx(50).epsilon(0.001));  // the caller waited only its timeout
  CHECK(v.edges[0].timeouts <= v.edges[0].calls);
  CHECK(v.edges[0].timeouts >= v.edges[0].calls - 5);  // those of the last 50 ms had not fired yet
  CHECK(v.services[0].successes > 1900);  // the server finished them all the same
}

TEST_CASE("breaker time is split into open and half-open, and the calls refused in both are accounted for") {
  // Every call fails after 500 ms; the breaker trips on 5 failures, stays open
  // 1 s, then lets one probe through, which takes 502 ms to fail: half-open
  // that long, every other call refused meanwhile.
  const auto v = testing::run_all(testing::load_text(through_pipeline(
      R"({"circuit_breaker": {"window": {"kind": "count", "size": 10}, "minimum_calls": 5, "failure_rate": 0.5,
          "open_for": "1s", "half_open_calls": 1}})",
      R"("workers": 50, "errors": 1.0, "service_time": {"dist": "constant", "value": "500ms"})")))[0];
  const auto& edge = v.edges[0];
  // Calls at 0, 10, ..., 540 ms go out before the 5th failure (sent at 40 ms) trips it at 542 ms.
  const auto probes = static_cast<double>(edge.attempts) - 55;
  REQUIRE(probes > 10);
  INFO("open " << edge.circuit_open_s << " s, half-open " << edge.circuit_half_open_s << " s, " << probes << " probes");
  CHECK(edge.circuit_open_s + edge.circuit_half_open_s == Approx(20 - 0.542).margin(0.02));
  CHECK(edge.circuit_half_open_s > (probes - 1) * 0.502);
  CHECK(edge.circuit_half_open_s <= probes * 0.502 + 1e-9);
  // 100 calls a second, all refused while not closed but for the probes.
  CHECK(static_cast<double>(edge.rejected_by[PatternKind::circuit_breaker]) ==
        Approx(100 * (edge.circuit_open_s + edge.circuit_half_open_s) - probes).margin(2));
}

TEST_CASE("a fallback service's own pipeline times its call out, so a cut link does not hang the caller") {
  // api -> db, falling back to backup then to a value; a partition cuts api
  // from both. The call to backup has a 50 ms timeout of its own.
  const auto scenario = [](const std::string& backup_entry) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "fb", "seed": 8, "duration": "30s",
      "network": {{"latency": "1ms"}},
      "services": [
        {{"name": "api", "workers": 100, "service_time": {{"dist": "constant", "value": "1ms"}},
         "calls": [{{"service": "db", "pipeline": "p"}}]}},
        {{"name": "db", "workers": 50, "service_time": {{"dist": "constant", "value": "5ms"}}}},
        {{"name": "backup", "workers": 50, "service_time": {{"dist": "constant", "value": "5ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "100/s"}}}}],
      "pipelines": {{"p": {{"timeout": {{"after": "100ms"}}, "fallback": [{}, {{"value": "default"}}]}},
                    "fb": {{"timeout": {{"after": "50ms"}}}}}},
      "faults": [{{"kind": "partition", "at": "10s", "for": "10s", "between": [["api"], ["db", "backup"]]}}]}})",
                       backup_entry);
  };
  const auto timed = testing::run_all(testing::load_text(scenario(R"({"service": "backup", "pipeline": "fb"})")))[0];
  const auto& c = timed.clients[0];
  CHECK(c.availability == 1.0);
  CHECK(c.degraded == Approx(1000).margin(2));  // the partition's 10 s at 100/s, answered by the value
  // 1 ms there, 100 ms for db, 50 ms for backup, 1 ms back (and 1 ms of work).
  REQUIRE(c.success_latency);
  CHECK(c.success_latency->max_ms == Approx(153).epsilon(0.01));
  const auto& to_backup = *std::find_if(timed.edges.begin(), timed.edges.end(), [](const auto& e) { return e.info.to == "backup"; });
  // db calls sent in [10, 19.9) s fall back before the partition ends, and time out at backup too.
  CHECK(to_backup.timeouts == Approx(990).margin(2));

  // Without its pipeline the call to backup waits for an answer that never
  // comes, holding an api worker: after 100 of them api serves nobody again.
  const auto hung = testing::run_all(testing::load_text(scenario(R"({"service": "backup"})")))[0];
  CHECK(hung.clients[0].requests == Approx(1000).margin(2));  // those before the partition, and no more
  // Busy workers: 0.8 (1 ms of work, 7 ms of call, at 100/s) for 10 s; then
  // one more held every 10 ms until all 100 are, at 11 s, to the end at 30 s.
  CHECK(hung.services[0].mean_busy == Approx((0.8 * 10 + 0.5 * 100 * 1 + 100 * 19) / 30).margin(0.1));
}

TEST_CASE("a fallback turns failures into degraded successes") {
  const auto v = testing::run_all(testing::load_text(through_pipeline(R"({"fallback": {"value": "cached page"}})", failing_api)))[0];
  const auto& c = v.clients[0];
  CHECK(c.availability == 1.0);
  CHECK(c.degraded == c.requests);
  CHECK(v.edges[0].fallbacks == v.edges[0].calls);
}

TEST_CASE("a degraded answer travels up: a fallback two calls deep makes the client's success degraded") {
  // c -> api -> mid -> db; mid falls back to a value when db fails (30% of the time).
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "deep", "seed": 3,
    "duration": "20s", "network": {"latency": "1ms"},
    "services": [
      {"name": "api", "workers": 50, "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "mid"}]},
      {"name": "mid", "workers": 50, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"service": "db", "pipeline": "fb"}]},
      {"name": "db", "workers": 50, "errors": 0.3, "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "pipelines": {"fb": {"fallback": {"value": "default"}}}})"))[0];
  const auto edge = [&](const std::string& from, const std::string& to) {
    for (const auto& e : v.edges)
      if (e.info.from == from && e.info.to == to) return e;
    FAIL("no edge " << from << " -> " << to);
    return v.edges.front();
  };
  const auto& c = v.clients[0];
  const auto fallbacks = edge("mid", "db").fallbacks;
  CHECK(c.availability == 1.0);
  // Binomial: 4 standard deviations.
  const double n = static_cast<double>(c.requests);
  CHECK(static_cast<double>(fallbacks) == Approx(0.3 * n).margin(4 * std::sqrt(n * 0.3 * 0.7)));
  // Every fallback below is one degraded answer at every level above, no more.
  CHECK(edge("mid", "db").degraded == fallbacks);
  CHECK(v.services[1].degraded == fallbacks);  // mid
  CHECK(edge("api", "mid").degraded == fallbacks);
  CHECK(edge("api", "mid").fallbacks == 0);  // none of its own
  CHECK(v.services[0].degraded == fallbacks);  // api
  CHECK(edge("c", "api").degraded == fallbacks);
  CHECK(c.degraded == fallbacks);
}

TEST_CASE("a cache fallback serves the last good answer for a key") {
  // Half the calls fail; with 20 keys every key soon has a good answer cached.
  const auto v = testing::run_all(testing::load_text(through_pipeline(
      R"({"fallback": {"cache": {"ttl": "60s"}}})", R"("workers": 50, "errors": 0.5, "service_time": {"dist": "constant", "value": "2ms"})",
      "100/s", R"("keys": {"count": 20, "zipf": 0},)")))[0];
  const auto& c = v.clients[0];
  // Only a key's calls before its first success can fail: about 2 per key.
  CHECK(c.failures < 20 * 4);
  CHECK(static_cast<double>(c.degraded) == Approx(0.5 * static_cast<double>(c.requests)).epsilon(0.1));
}

TEST_CASE("a fallback service is called through the network on an edge of its own") {
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "f", "duration": "10s",
    "services": [{"name": "primary", "errors": 1.0, "workers": 10, "service_time": {"dist": "constant", "value": "1ms"}},
                 {"name": "backup", "workers": 10, "service_time": {"dist": "constant", "value": "5ms"}}],
    "clients": [{"name": "c", "target": "primary", "pipeline": "p", "arrival": {"process": "constant", "rate": "50/s"}}],
    "pipelines": {"p": {"fallback": [{"service": "backup"}, {"value": "sorry"}]}}})"))[0];
  REQUIRE(v.edges.size() == 2);
  CHECK(v.edges[1].info.to == "backup");
  CHECK(v.edges[1].info.fallback_of == 0);
  CHECK(v.services[0].requests - v.services[1].requests <= 1);  // one may be on its way at the end
  CHECK(v.clients[0].availability == 1.0);
  CHECK(v.clients[0].latency.mean_ms == Approx(6).epsilon(0.01));  // 1 ms failing, then 5 ms on the backup
}

TEST_CASE("a bulkhead caps calls in flight to a slow dependency and keeps the caller's other calls fast") {
  const std::string scenario = R"({"schema": "chaossim/scenario/v1", "name": "b", "seed": 2, "duration": "30s", "warmup": "5s",
    "services": [
      {"name": "front", "workers": 20, "queue": 1000, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"service": "slow", "pipeline": "isolate", "optional": true}, {"service": "fast"}]},
      {"name": "slow", "workers": 100, "service_time": {"dist": "constant", "value": "1s"}},
      {"name": "fast", "workers": 100, "service_time": {"dist": "constant", "value": "5ms"}}],
    "clients": [{"name": "c", "target": "front", "arrival": {"process": "poisson", "rate": "50/s"}}],
    "pipelines": {"isolate": {"bulkhead": {"max_concurrent": 5}}},
    "variants": {"no-bulkhead": {"pipelines": {"isolate": {"bulkhead": null, "timeout": {"after": "10s"}}}}}})";
  const auto runs = testing::run_all(testing::load_text(scenario));
  const auto& with = runs[0];
  const auto& without = runs[1];
  CHECK(with.services[1].mean_busy <= 5.0 + 1e-9);  // never more than 5 calls on slow
  CHECK(with.edges[1].rejected_by[PatternKind::bulkhead] > 0);
  // With the bulkhead, front answers in about 1 s at worst (5 slow calls) and its
  // workers stay free; without it, every request waits on slow and front saturates.
  CHECK(with.services[0].utilization < 0.5);
  CHECK(without.services[0].utilization > 0.99);
  CHECK(with.clients[0].latency.p50_ms < 20);
  CHECK(without.clients[0].latency.p50_ms > 1000);
}

TEST_CASE("a hedge cuts the tail latency of a service with a heavy tail") {
  const std::string scenario = R"({"schema": "chaossim/scenario/v1", "name": "h", "seed": 8, "duration": "60s", "warmup": "5s",
    "services": [{"name": "api", "instances": 4, "workers": 100,
                  "service_time": {"dist": "lognormal", "median": "10ms", "p99": "400ms"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "pipelines": {"p": {"hedge": {"after": "40ms", "max_hedges": 1}}},
    "variants": {"no-hedge": {"pipelines": {"p": {"hedge": null, "timeout": {"after": "1h"}}}}}})";
  const auto runs = testing::run_all(testing::load_text(scenario));
  const auto& hedged = runs[0].clients[0].latency;
  const auto& plain = runs[1].clients[0].latency;
  CHECK(hedged.p99_ms < plain.p99_ms / 2);
  CHECK(hedged.p50_ms == Approx(plain.p50_ms).epsilon(0.05));  // the median is untouched
  // Only the slow calls were hedged: a few more attempts than calls.
  CHECK(runs[0].edges[0].retry_amplification > 1.05);
  CHECK(runs[0].edges[0].retry_amplification < 1.5);
}

TEST_CASE("an order with the timeout outside the retry bounds the whole call and stops its retries") {
  const auto v = testing::run_all(testing::load_text(through_pipeline(
      R"({"order": ["timeout", "retry"], "timeout": {"after": "150ms"},
          "retry": {"max_attempts": 10, "backoff": {"kind": "fixed", "initial": "100ms"}}})",
      failing_api)))[0];
  const auto& edge = v.edges[0];
  CHECK(v.clients[0].latency.max_ms == Approx(150).epsilon(0.001));
  CHECK(edge.timeouts >= edge.calls - 15);
  // Attempts at about 0, 102 ms; the third would start after the timeout has answered.
  CHECK(edge.retry_amplification == Approx(2.0).epsilon(0.01));
}

TEST_CASE("payment-partition plays its five faults, and its pipelines carry it through them") {
  auto set = scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/payment-partition.json").scenarios;
  REQUIRE(set);
  scenarios::Scenario s = set->base;
  // A fifth of the load keeps the test quick under sanitizers; every pattern
  // and fault still acts. With fewer calls the breakers take longer to see
  // their minimum_calls, so availability is 99.89% here against 99.99% at
  // full load, and 71% with timeouts alone (the timeouts-only variant).
  s.clients[0].arrival.rate_per_s /= 5;
  sim::ResilienceScenarioTester tester(1);
  const auto v = reports::summarize(s, tester.run({&s}, 1, s.seed)[0]);
  CHECK(v.clients[0].availability > 0.998);
  REQUIRE(v.faults.size() == 5);
  for (const auto& f : v.faults) {
    INFO("fault " << f.index << " (" << f.kind << ")");
    REQUIRE(f.recover_s);
    CHECK(*f.recover_s <= 30);
    // Some pattern on the way to the faulty service reacted while it played
    // (to the degradation about 20 s in, as its slowest speed nears).
    REQUIRE(f.detect_s);
    CHECK(*f.detect_s < f.end_s - f.start_s);
  }
  // The partition cut gateway -> payments: the fallback called the backup.
  const auto& backup = std::find_if(v.edges.begin(), v.edges.end(), [](const auto& e) {
    return e.info.to == "payments-backup" && e.info.fallback_of >= 0;
  });
  REQUIRE(backup != v.edges.end());
  CHECK(backup->calls > 0);
  // Every call that ended reached the wire, unless a pattern refused it first
  // or a timeout cut its wait for a permit.
  for (const auto& e : v.edges) {
    CHECK(e.attempted <= e.calls);
    CHECK(e.calls - e.attempted <= e.rejected_by.total() + e.timeouts);
  }
  // The crash of one of inventory's instances lost what it held.
  CHECK(v.services[1].lost > 0);
  // The optional calls with a 50 ms timeout fall back to their static value now and then.
  CHECK(v.edges[4].fallbacks > 0);
}

TEST_CASE("after warmup an edge's calls are counted as their outcomes are: successes and failures add up to calls") {
  // 500 ms calls straddle the 10 s warmup boundary.
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "w", "seed": 2,
    "duration": "30s", "warmup": "10s", "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 100, "errors": 0.2, "service_time": {"dist": "constant", "value": "500ms"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "50/s"}}],
    "pipelines": {"p": {"retry": {"max_attempts": 2, "backoff": {"kind": "fixed", "initial": "10ms"}}}}})"))[0];
  const auto& e = v.edges[0];
  CHECK(e.successes + e.failures == e.calls);
  CHECK(e.successes <= e.calls);
  // 20% fail once and are retried: 1.2 attempts per call (binomial, 4 standard deviations).
  const double n = static_cast<double>(e.calls);
  CHECK(e.retry_amplification == Approx(1.2).margin(4 * std::sqrt(0.2 * 0.8 / n)));
}
