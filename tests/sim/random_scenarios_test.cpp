// Random valid scenarios (random call DAGs, distributions, queues, balancers,
// arrival processes, and random pipelines in random orders) must all run to
// the end, and their counts must add up.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/rng.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// A pipeline with a random subset of the patterns, in a random order.
std::string random_pipeline(sim::Rng& rng, int services) {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"timeout", R"({"after": "20ms"})"},
      {"retry", R"({"max_attempts": 3, "backoff": {"kind": "exponential", "initial": "1ms", "max": "10ms"}, "jitter": "decorrelated", "retry_on": ["error", "timeout", "unavailable", "rejected"], "budget": {"ratio": 0.2, "min_per_second": 5}})"},
      {"circuit_breaker", R"({"window": {"kind": "time", "size": "1s"}, "minimum_calls": 5, "open_for": {"initial": "100ms", "multiplier": 2, "max": "1s"}, "half_open_calls": 2, "slow_call_rate": 0.8, "slow_call_duration": "15ms"})"},
      {"rate_limiter", R"({"kind": "sliding_window", "limit": 50, "window": "100ms"})"},
      {"bulkhead", R"({"max_concurrent": 3, "max_queue": 2, "max_wait": "5ms"})"},
      {"hedge", R"({"after": "5ms", "max_hedges": 2})"},
      {"fallback", fmt::format(R"([{{"cache": {{"ttl": "1s"}}}}, {{"service": "s{}"}}, {{"value": "x"}}])", services - 1)}};
  std::string body, order;
  for (std::size_t i = parts.size(); i > 1; --i) std::swap(parts[i - 1], parts[rng.below(i)]);
  for (const auto& [name, config] : parts) {
    if (!rng.bernoulli(0.6)) continue;
    body += fmt::format(R"({}"{}": {})", body.empty() ? "" : ", ", name, config);
    order += fmt::format(R"({}"{}")", order.empty() ? "" : ", ", name);
  }
  if (body.empty()) return R"({"timeout": {"after": "1s"}})";
  return fmt::format(R"({{{}, "order": [{}]}})", body, order);
}

// Zones, autoscaling and the faults that go with them (`scaling`): each
// service in some of zones a, b, c, perhaps autoscaled, perhaps preferring
// its callers' zone; a crash, a zone's outage and a partition between zones.
struct Scaling {
  std::string service_keys(sim::Rng& rng) const {
    // Every set has b, and the client is in a: the faults' zones exist.
    const char* zone_sets[] = {R"(["b"])", R"(["a", "b"])", R"(["b", "c"])", R"(["a", "b", "c"])"};
    std::string keys = fmt::format(R"("zones": {}, "prefer_same_zone": {},)", zone_sets[rng.below(4)], rng.bernoulli(0.5));
    if (rng.bernoulli(0.6))
      keys += fmt::format(R"("autoscaling": {{{}, "min_instances": 1, "max_instances": {}, "evaluation_period": "1s",
                              "startup_delay": "{}ms", "cooldown": "{}ms", "scale_down_step": 2{}}},)",
                          rng.bernoulli(0.5) ? R"("target_utilization": 0.5)" : R"("target_queue_length": 2)", 3 + rng.below(3),
                          rng.below(800), rng.below(2000),
                          rng.bernoulli(0.5) ? R"(, "cold_start": {"duration": "1s", "slowdown": 2})" : "");
    return keys;
  }
  std::string faults(sim::Rng& rng, int services) const {
    return fmt::format(R"([{{"kind": "zone_outage", "at": "{}s", "for": "2s", "zone": "{}", "mode": "{}"}},
                          {{"kind": "zone_partition", "at": "{}s", "for": "1500ms", "zones": [["a"], ["b"]]}},
                          {{"kind": "crash", "at": "{}s", "for": "1s", "target": "s{}", "instances": 1}}])",
                       1 + rng.below(6), rng.bernoulli(0.5) ? "a" : "b", rng.bernoulli(0.5) ? "blackhole" : "refuse",
                       1 + rng.below(6), 1 + rng.below(7), rng.below(static_cast<std::uint64_t>(services)));
  }
};

// A server's load shedding: some of a rate limit (of any kind), a cap and CoDel, with or without a hint.
std::string random_admission(sim::Rng& rng) {
  const char* limits[] = {R"("rate_limit": {"kind": "token_bucket", "rate": "100/s", "burst": 5},)",
                          R"("rate_limit": {"kind": "sliding_window_counter", "limit": 20, "window": "100ms"},)",
                          R"("rate_limit": {"kind": "leaky_bucket", "rate": "150/s", "capacity": 4},)", ""};
  const char* limit = limits[rng.below(4)];
  const bool cap = rng.bernoulli(0.5), codel = rng.bernoulli(0.5) || (!cap && limit[0] == 0);
  return fmt::format(R"("admission": {{{} {} {} "retry_after": "{}ms"}},)", limit,
                     cap ? fmt::format(R"("max_concurrent": {},)", 1 + rng.below(10)) : "",
                     codel ? R"("queue_delay": {"target": "2ms", "interval": "50ms"},)" : "", rng.below(20));
}

// With `deadlines`, calls and the client propagate deadlines and cancel at
// random; with `shedding`, servers may shed load.
std::string random_scenario(sim::Rng& rng, int index, bool deadlines = false, const Scaling* scaling = nullptr,
                            bool shedding = false) {
  const auto options = [&] {
    if (!deadlines) return std::string();
    return fmt::format(R"(, "propagate_deadline": {}, "cancel_on_timeout": {}{})", rng.bernoulli(0.7), rng.bernoulli(0.7),
                       rng.bernoulli(0.3) ? R"(, "parallel": true, "repeat": 2, "quorum": 1)" : "");
  };
  const int services = 1 + static_cast<int>(rng.below(5));
  const char* dists[] = {R"({"dist": "constant", "value": "2ms"})", R"({"dist": "exponential", "mean": "3ms"})",
                         R"({"dist": "lognormal", "median": "2ms", "p99": "20ms"})", R"({"dist": "uniform", "min": "0ms", "max": "4ms"})"};
  const char* balancers[] = {"round_robin", "random", "least_outstanding"};
  std::string svc;
  for (int i = 0; i < services; ++i) {
    std::string calls;
    for (int j = i + 1; j < services; ++j)  // only to later services: a DAG
      if (rng.bernoulli(0.5))
        calls += fmt::format(R"({}{{"service": "s{}", "optional": {}{}{}}})", calls.empty() ? "" : ",", j, rng.bernoulli(0.3),
                             rng.bernoulli(0.5) ? R"(, "pipeline": "p")" : "", options());
    std::string queue = rng.bernoulli(0.5) ? fmt::format(R"("queue": {},)", rng.below(20)) : "";
    if (shedding && rng.bernoulli(0.7)) queue += random_admission(rng);
    svc += fmt::format(R"({}{{"name": "s{}", "instances": {}, "workers": {}, {} {} "errors": {}, "balancer": "{}",
                            "service_time": {}, "calls": [{}]}})",
                       i ? "," : "", i, 1 + rng.below(3), 1 + rng.below(8), queue, scaling ? scaling->service_keys(rng) : "",
                       rng.bernoulli(0.5) ? 0.05 : 0.0, balancers[rng.below(3)], dists[rng.below(4)], calls);
  }
  const std::string arrivals[] = {R"({"process": "poisson", "rate": "300/s"})", R"({"process": "constant", "rate": "150/s"})",
                                  R"({"process": "closed", "users": 20, "think": "10ms"})",
                                  R"({"process": "poisson", "rate": "10/s", "ramp": [{"at": "5s", "rate": "800/s"}]})"};
  const std::string deadline = rng.bernoulli(0.5) ? R"("deadline": "50ms",)" : "";
  std::string client_pipeline = rng.bernoulli(0.5) ? R"("pipeline": "p",)" : "";
  if (deadlines)
    client_pipeline += fmt::format(R"("propagate_deadline": {}, "cancel_on_timeout": {},)", rng.bernoulli(0.7), rng.bernoulli(0.7));
  if (scaling) client_pipeline += R"("zone": "a",)";
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "random{}", "seed": {}, "duration": "10s",
    "bucket": "500ms", "replications": 2, "network": {{"latency": "{}ms"}},
    "services": [{}],
    "clients": [{{"name": "c", "target": "s0", {} {} "keys": {{"count": 50, "zipf": 1.1}}, "arrival": {}}}],
    "pipelines": {{"p": {}}}, "faults": {}}})",
                     index, index, rng.below(3), svc, deadline, client_pipeline, arrivals[rng.below(4)],
                     random_pipeline(rng, services), scaling ? scaling->faults(rng, services) : "[]");
}

}  // namespace

TEST_CASE("random valid scenarios run to the end and their counts add up") {
  sim::Rng rng(2024);
  for (int i = 0; i < 24; ++i) {
    const std::string text = random_scenario(rng, i);
    INFO(text);
    const auto v = testing::run_all(testing::load_text(text))[0];
    const auto& c = v.clients[0];
    CHECK(c.successes + c.failures == c.requests);
    CHECK(c.errors + c.unavailable + c.timeouts + c.rejected + c.overloaded == c.failures);
    CHECK(c.degraded <= c.successes);
    for (const auto& e : v.edges) CHECK(e.successes + e.failures <= e.calls);
    CHECK(c.availability >= 0);
    CHECK(c.availability <= 1);
    for (const auto& s : v.services) {
      CHECK(s.successes + s.failures + s.rejected <= s.requests);
      CHECK(s.utilization <= 1.0 + 1e-9);
    }
  }
}

TEST_CASE("random scenarios that propagate deadlines and cancel run to the end and their counts add up") {
  sim::Rng rng(2026);
  for (int i = 0; i < 24; ++i) {
    const std::string text = random_scenario(rng, i, true, nullptr, i % 2 == 1);
    INFO(text);
    const auto v = testing::run_all(testing::load_text(text))[0];
    const auto& c = v.clients[0];
    CHECK(c.successes + c.failures == c.requests);
    CHECK(c.errors + c.unavailable + c.timeouts + c.rejected + c.overloaded == c.failures);
    for (const auto& e : v.edges) CHECK(e.successes + e.failures <= e.calls);
    for (const auto& s : v.services) {
      const std::uint64_t shed = s.shed ? s.shed->total : 0;
      CHECK(s.successes + s.failures + s.rejected + shed + s.lost + s.expired + s.cancelled <= s.requests);
      CHECK(s.wasted <= s.successes + s.failures + s.expired + s.cancelled);
      CHECK(s.wasted_busy <= s.mean_busy + 1e-9);
      CHECK(s.utilization <= 1.0 + 1e-9);
    }
  }
}

TEST_CASE("random scenarios with zones, autoscaling and zone faults run to the end and their counts add up") {
  sim::Rng rng(2027);
  const Scaling scaling;
  for (int i = 0; i < 24; ++i) {
    const std::string text = random_scenario(rng, i, i % 2 == 1, &scaling, i % 3 == 0);
    INFO(text);
    const auto set = testing::load_text(text);
    const auto v = testing::run_all(set)[0];
    const auto& c = v.clients[0];
    CHECK(c.successes + c.failures == c.requests);
    CHECK(c.errors + c.unavailable + c.timeouts + c.rejected + c.overloaded == c.failures);
    for (const auto& e : v.edges) CHECK(e.successes + e.failures <= e.calls);
    if (c.under_capacity) {
      CHECK(c.under_capacity->requests <= c.requests);
      CHECK(c.under_capacity->failures <= c.failures);
      CHECK(c.under_capacity->failures <= c.under_capacity->requests);
    }
    for (std::size_t k = 0; k < v.services.size(); ++k) {
      const auto& s = v.services[k];
      const std::uint64_t shed = s.shed ? s.shed->total : 0;
      CHECK(s.successes + s.failures + s.rejected + shed + s.lost + s.expired + s.cancelled <= s.requests);
      CHECK(s.utilization <= 1.0 + 1e-9);
      const auto& config = set.base.services[k];
      if (!config.autoscaling) continue;
      REQUIRE(s.scaling);
      CHECK(s.scaling->mean_desired >= config.autoscaling->min_instances - 1e-9);
      CHECK(s.scaling->mean_desired <= config.autoscaling->max_instances + 1e-9);
      CHECK(s.scaling->mean_instances <= config.autoscaling->max_instances + 1e-9);
      for (double n : v.service_series[k].instances) CHECK(n <= config.autoscaling->max_instances + 1e-9);
    }
  }
}
