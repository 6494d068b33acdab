// The adaptive concurrency limiter in a run: held to a fixed limit it is a
// loss system that Erlang B predicts; left to adapt, it keeps an overloaded
// dependency's queue short and its answers fast, where no limiter lets both
// grow for as long as the overload lasts.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reports/statistics.hpp"
#include "tests/queueing_formulas.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;
using testing::erlang_b;
using patterns::PatternKind;

TEST_CASE("Erlang B as written here matches known values") {
  CHECK(erlang_b(1, 1.0) == Approx(0.5));
  CHECK(erlang_b(5, 4.0) == Approx(0.1991).epsilon(1e-3));
}

TEST_CASE("a limiter held at a fixed limit of c turns calls away at Erlang B's rate") {
  // Every call holds its slot for the network's round trip plus a constant
  // 100 ms of service (the service has workers to spare, so nothing queues);
  // Erlang B is insensitive to the holding time's distribution.
  const int c = 5;
  const double lambda = 40, hold_s = 0.1 + 2 * 0.001;
  const auto set = testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "loss", "seed": 3,
    "duration": "200s", "warmup": "10s", "replications": 10, "network": {{"latency": "1ms"}},
    "services": [{{"name": "api", "workers": 20, "service_time": {{"dist": "constant", "value": "100ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "pipeline": "p", "arrival": {{"process": "poisson", "rate": "{}/s"}}}}],
    "pipelines": {{"p": {{"adaptive_concurrency": {{"initial_limit": {}, "min_limit": {}, "max_limit": {}}}}}}}}})",
                                                  lambda, c, c, c));
  const auto v = testing::run_all(set).front();
  std::vector<double> turned_away;
  for (double a : v.clients.front().availability_by_replication) turned_away.push_back(1 - a);
  const double theory = erlang_b(c, lambda * hold_s);
  INFO(fmt::format("Erlang B {:.4f}, simulated {:.4f} +- {:.4f} (99% CI)", theory, reports::mean(turned_away),
                   reports::mean_ci_half_width(turned_away, 0.99)));
  CHECK(std::abs(reports::mean(turned_away) - theory) <= reports::mean_ci_half_width(turned_away, 0.99));
  const auto& client = v.clients.front();
  CHECK(client.rejected == client.rejected_by[PatternKind::adaptive_concurrency]);
  CHECK(client.failures == client.rejected);
  // Its limit, the level the stage keeps by name, never moved.
  const auto& edge = v.edges.front();
  REQUIRE(edge.levels.size() == 1);
  CHECK(edge.levels[0].first == "adaptive_concurrency_limit");
  CHECK(edge.levels[0].second == Approx(c));
}

TEST_CASE("a limiter on a client keeps its level while the services' edges are added after it") {
  // The stage holds its edge's recorder: adding the later edges must not move it (a crash before).
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "early-edge", "seed": 9,
    "duration": "5s",
    "services": [{"name": "api", "workers": 200, "service_time": {"dist": "exponential", "mean": "1ms"},
                  "calls": [{"service": "db"}, {"service": "db"}, {"service": "db"}]},
                 {"name": "db", "workers": 20, "service_time": {"dist": "exponential", "mean": "5ms"}}],
    "pipelines": {"a": {"adaptive_concurrency": {"initial_limit": 50, "min_limit": 50, "max_limit": 50}}},
    "clients": [{"name": "c", "target": "api", "pipeline": "a", "arrival": {"process": "poisson", "rate": "100/s"}}]})"))[0];
  REQUIRE(v.edges.front().levels.size() == 1);
  CHECK(v.edges.front().levels[0].second == Approx(50));
  CHECK(v.clients.front().requests > 400);
}

TEST_CASE("an adaptive limit keeps an overloaded dependency's queue short and its answers fast") {
  // 150 calls/s offered to a service that serves 100/s (10 workers, 100 ms).
  // Without a limiter the queue grows by 50 a second; with one, a success
  // slower than 200 ms cuts the limit, so the limit settles where the queue
  // stays under about a second's worth of work, and the excess is refused.
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "overload", "seed": 8,
    "duration": "60s", "warmup": "10s", "replications": 3, "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "100ms"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "150/s"}}],
    "pipelines": {"p": {"adaptive_concurrency": {"latency_threshold": "200ms"}}},
    "variants": {"unlimited": {"pipelines": {"p": {"adaptive_concurrency": null}}}}})");
  const auto runs = testing::run_all(set);
  const auto& limited = runs[0];
  const auto& unlimited = runs[1];
  const auto& api = limited.services.front();
  INFO(fmt::format("limited: queue {:.1f}, utilization {:.3f}, p50 {:.0f} ms, p99 {:.0f} ms, rejected {}/{}; "
                   "unlimited: queue {:.1f}, p50 {:.0f} ms",
                   api.mean_queue, api.utilization, limited.clients[0].latency.p50_ms, limited.clients[0].latency.p99_ms,
                   limited.clients[0].rejected, limited.clients[0].requests, unlimited.services[0].mean_queue,
                   unlimited.clients[0].latency.p50_ms));
  // Unlimited, the queue grows by 150 - 100 = 50 a second from the start: its
  // mean over 10..60 s is 50 x 35 = 1750. The Poisson arrivals' spread at 60 s
  // is sqrt(150 x 60) = 95 calls, under 2% of that mean; 5% is over 3 of them.
  CHECK(unlimited.services.front().mean_queue == Approx(1750).epsilon(0.05));
  // A queue of 10 waits 100 ms, which with 100 ms of service reaches the 200 ms
  // threshold: every answer from then on cuts the limit, so it stays below.
  CHECK(api.mean_queue < 10);
  CHECK(limited.clients[0].rejected > 0);
  CHECK(limited.clients[0].rejected == limited.clients[0].rejected_by[PatternKind::adaptive_concurrency]);
}

TEST_CASE("duplicate-overload: the adaptive limit is back as the duplicates stop, without it the queue they built drains for as long again") {
  const auto set = *scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/duplicate-overload.json").scenarios;
  const auto runs = testing::run_all(set);
  const auto& limited = runs[0].faults[0];
  const auto& unlimited = runs[1].faults[0];
  // 80/s duplicated at 0.5 is 120/s of work for 100/s of capacity: 20 s of
  // fault leave about 400 queued, which drain at 20/s.
  REQUIRE(limited.recover_s);
  REQUIRE(unlimited.recover_s);
  CHECK(*limited.recover_s < 2);
  CHECK(*unlimited.recover_s > 10);
  CHECK(runs[0].slo_met());
  CHECK_FALSE(runs[1].slo_met());
  // The limit over time shows why: cut while the duplicates play (20 s to
  // 40 s), grown again once they stop; the unlimited variant keeps no level.
  const auto& levels = runs[0].edge_series.front().levels;
  REQUIRE(levels.size() == 1);
  const auto& limit = levels[0].second;
  const auto mean_over = [&](std::size_t from, std::size_t to) {
    double sum = 0;
    for (std::size_t b = from; b < to; ++b) sum += limit.at(b);
    return sum / static_cast<double>(to - from);
  };
  INFO(fmt::format("mean limit 10-20 s {:.1f}, 25-40 s {:.1f}, 60-90 s {:.1f}", mean_over(10, 20), mean_over(25, 40),
                   mean_over(60, 90)));
  CHECK(mean_over(25, 40) < mean_over(10, 20) / 2);
  CHECK(mean_over(60, 90) > mean_over(25, 40) * 2);
  CHECK(runs[1].edge_series.front().levels.empty());
}
