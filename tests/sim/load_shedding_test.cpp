// Servers that shed load, in runs: a rate limit holds goodput at its rate
// and latency flat under three times the load it lets in, where an
// unprotected server's queue (and latency) grows for as long as the overload
// lasts; CoDel keeps the wait of what it serves near its target; a retry
// never comes back sooner than the Retry-After it was told.
#include <cmath>
#include <numeric>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

TEST_CASE("a server rate limit at r keeps goodput at r and latency flat under 3x overload") {
  // One instance of 10 workers, 100 ms each: it serves 100/s. Its limiter
  // lets 80/s in (burst 10); 240/s are offered. Without it the queue grows
  // by 140 a second for the whole run.
  const double r = 80, burst = 10, workers = 10;
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "limited", "seed": 4,
    "duration": "60s", "warmup": "10s", "replications": 2, "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "100ms"},
                  "admission": {"rate_limit": {"kind": "token_bucket", "rate": "80/s", "burst": 10}, "retry_after": "1s"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "240/s"}}],
    "variants": {"unprotected": {"services": [{"name": "api", "workers": 10,
                                                "service_time": {"dist": "constant", "value": "100ms"}}]}}})");
  const auto runs = testing::run_all(set);
  const auto& limited = runs[0].clients[0];
  const auto& api = runs[0].services[0];
  const auto& unprotected = runs[1].clients[0];
  INFO(fmt::format("limited: goodput {:.2f}/s, shed {} ({:.3f}), success p99 {:.1f} ms; unprotected: p50 {:.0f} ms, queue {:.0f}",
                   limited.goodput_rps, api.shed->total, api.shed->fraction, limited.success_latency->p99_ms,
                   unprotected.latency.p50_ms, runs[1].services[0].mean_queue));
  // Tokens come at r: over the 50 s measured, at most r x 50 + burst pass,
  // and with 3r arriving a token waits for a request 1/(3r) s on average
  // (one is wasted only if none arrives while the bucket is full: e^-30).
  // Requests in service across the window's edges move the count by at most the workers.
  const double span = 50;
  CHECK(std::abs(limited.goodput_rps - r) <= (burst + workers) / span);
  REQUIRE(api.shed);
  CHECK(api.shed->total == api.shed->by_cause[static_cast<std::size_t>(patterns::ShedCause::rate_limit)]);
  // The client hears each shed 1 ms later: across the window's edges a
  // request may count on one side only (240/s x 1 ms, a quarter of one per edge).
  CHECK(std::abs(static_cast<double>(limited.overloaded) - static_cast<double>(api.shed->total)) <= 8);
  CHECK(limited.failures == limited.overloaded);
  // Its sheds per bucket, for the report's chart: every bucket, the warmup's too; none for a service that does not shed.
  const auto& per_bucket = runs[0].service_series[0].shed;
  CHECK(per_bucket.size() == 60);
  CHECK(std::accumulate(per_bucket.begin(), per_bucket.end(), std::uint64_t{0}) >= api.shed->total);
  CHECK(runs[1].service_series[0].shed.empty());
  // What is let in is served at 80% utilization with a constant service
  // time: its wait stays well under one service time.
  CHECK(limited.success_latency->p99_ms < 300);
  CHECK(std::abs(api.utilization - r / 100) <= (burst + workers) / span / 100);
  // Unprotected, the median request waits tens of seconds by the end.
  CHECK(unprotected.latency.p50_ms > 10000);
}

TEST_CASE("CoDel keeps the wait of the requests a server serves between its target and twice it under overload") {
  // 150/s offered to a server that serves 100/s; target 25 ms: once the
  // queue stands, what waited more than 50 ms is shed as it comes up, so
  // what is served waited at most that, and (the queue standing) at least
  // about the target. The queue it leaves, 150/s x 50 ms = 7.5 requests,
  // seldom drains between dequeues. (With folly's 5 ms it holds 1.5 and
  // often does: each time CoDel stands down for an interval, and the wait
  // overshoots towards interval x (150 - 100) / 100 = 50 ms: README.)
  const double target_ms = 25;
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "codel", "seed": 5,
    "duration": "60s", "warmup": "10s", "replications": 2, "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "100ms"},
                  "admission": {"queue_delay": {"target": "25ms", "interval": "100ms"}}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "150/s"}}],
    "variants": {"unprotected": {"services": [{"name": "api", "workers": 10,
                                                "service_time": {"dist": "constant", "value": "100ms"}}]}}})");
  const auto runs = testing::run_all(set);
  const auto& api = runs[0].services[0];
  const double mean_wait_ms = api.success_latency->mean_ms - 100;
  INFO(fmt::format("codel: mean wait {:.2f} ms, p99 {:.1f} ms, utilization {:.4f}, shed {:.3f}; unprotected wait {:.0f} ms",
                   mean_wait_ms, api.success_latency->p99_ms - 100, api.utilization, api.shed->fraction,
                   runs[1].services[0].success_latency->mean_ms - 100));
  CHECK(mean_wait_ms >= target_ms);
  CHECK(mean_wait_ms <= 2 * target_ms);
  // Shedding only what waited too long keeps the workers busy, and what
  // arrives is served or shed: in each replication, only what is in service
  // or queued at the window's edges (10 workers, a queue under 150/s x 150 ms) is neither.
  CHECK(api.utilization > 0.99);
  CHECK(std::abs(static_cast<double>(api.requests) - static_cast<double>(api.successes + api.shed->total)) <= 2 * (10 + 23));
  CHECK(api.shed->total == api.shed->by_cause[static_cast<std::size_t>(patterns::ShedCause::queue_delay)]);
  CHECK(runs[1].services[0].success_latency->mean_ms > 10000);
}

TEST_CASE("a retry comes back no sooner than the Retry-After an overloaded answer carries") {
  // One token a second, ten requests a second: most first attempts are shed
  // with "come back in 2 s"; the retry's own backoff is 10 ms. Every request
  // that failed made two attempts 2 s apart: its latency is exactly
  // 2 round trips (2 ms each) + 2 s. Ignoring the hint, 10 ms apart.
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "retry-after", "seed": 6,
    "duration": "60s", "warmup": "10s", "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "0s"},
                  "admission": {"rate_limit": {"kind": "token_bucket", "rate": "1/s", "burst": 1}, "retry_after": "2s"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "constant", "rate": "10/s"}}],
    "pipelines": {"p": {"retry": {"max_attempts": 2, "backoff": {"kind": "fixed", "initial": "10ms"}}}},
    "variants": {"ignoring": {"pipelines": {"p": {"retry": {"honour_retry_after": false}}}}}})");
  const auto runs = testing::run_all(set);
  const auto& honoured = runs[0].clients[0];
  const auto& ignoring = runs[1].clients[0];
  INFO(fmt::format("honoured: failures {}, failure latency mean {:.4f} ms max {:.4f}; ignoring: mean {:.4f} ms",
                   honoured.failures, honoured.failure_latency->mean_ms, honoured.failure_latency->max_ms,
                   ignoring.failure_latency->mean_ms));
  REQUIRE(honoured.failures > 100);
  CHECK(honoured.failures == honoured.overloaded);
  // A single retry sent early would pull the mean down by ~2 s / failures, 4 ms at least.
  CHECK(honoured.failure_latency->mean_ms == Approx(2004).epsilon(1e-9));
  CHECK(honoured.failure_latency->max_ms == Approx(2004).epsilon(1e-9));
  CHECK(ignoring.failure_latency->mean_ms == Approx(14).epsilon(1e-9));
  CHECK(runs[0].edges[0].overloaded == honoured.overloaded);
}

TEST_CASE("a rate limiter's own wait as Retry-After brings a retry back when a token is there") {
  // Two tokens a second and 4 requests a second, evenly spaced: the limiter
  // tells a refused request when its next token comes; its retry then finds it.
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "retry-after-limiter", "seed": 6,
    "duration": "60s", "warmup": "10s", "network": {"latency": "0s"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "0s"},
                  "admission": {"rate_limit": {"kind": "token_bucket", "rate": "2/s", "burst": 1}, "retry_after": "rate_limit"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "constant", "rate": "2/s"}}],
    "pipelines": {"p": {"retry": {"max_attempts": 2, "backoff": {"kind": "fixed", "initial": "1ms"}}}}})");
  const auto v = testing::run_all(set).front();
  const auto& c = v.clients[0];
  INFO(fmt::format("requests {}, failures {}, shed {}", c.requests, c.failures, v.services[0].shed->total));
  CHECK(c.failures == 0);
}

TEST_CASE("an endpoint's admission sheds its own requests only") {
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "per-endpoint", "seed": 7,
    "duration": "30s", "warmup": "5s", "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 50, "endpoints": [
        {"name": "search", "service_time": {"dist": "exponential", "mean": "10ms"},
         "admission": {"rate_limit": {"kind": "sliding_window", "limit": 20, "window": "1s"}}},
        {"name": "status", "service_time": {"dist": "exponential", "mean": "10ms"}}]}],
    "clients": [{"name": "searchers", "target": "api", "endpoint": "search", "arrival": {"process": "poisson", "rate": "60/s"}},
                {"name": "monitors", "target": "api", "endpoint": "status", "arrival": {"process": "poisson", "rate": "60/s"}}]})");
  const auto v = testing::run_all(set).front();
  const auto& search = v.services[0].endpoints[0];
  const auto& status = v.services[0].endpoints[1];
  REQUIRE(search.shed);
  REQUIRE(status.shed);
  CHECK(status.shed->total == 0);
  CHECK(v.clients[1].availability == 1.0);
  // At most 20 in any second pass (and 20 more across the window's edge);
  // a place frees each second after its call and waits 1/60 s on average
  // for the next arrival: 20 / (1 + 1/60) = 19.7 a second.
  CHECK(v.clients[0].goodput_rps <= 20 + 20.0 / 25);
  CHECK(v.clients[0].goodput_rps > 19);
  CHECK(v.services[0].shed->total == search.shed->total);
}

TEST_CASE("a leaky bucket on a server paces its work and its waiting requests are lost with their host") {
  // 40/s arrive at a bucket that drains 20/s and holds 10: the work starts
  // at 20/s and each admitted request waits at most 10 / 20 = 0.5 s in it.
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "leaky", "seed": 9,
    "duration": "40s", "warmup": "5s", "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 50, "service_time": {"dist": "constant", "value": "10ms"},
                  "admission": {"rate_limit": {"kind": "leaky_bucket", "rate": "20/s", "capacity": 10}}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "40/s"}}],
    "pipelines": {"p": {"timeout": {"after": "5s"}}},
    "faults": [{"kind": "crash", "target": "api", "at": "20s", "for": "2s"}]})");
  const auto v = testing::run_all(set).front();
  const auto& api = v.services[0];
  INFO(fmt::format("served {:.2f}/s, p99 {:.1f} ms, lost {}, shed {}", api.throughput_rps, api.success_latency->p99_ms, api.lost,
                   api.shed->total));
  CHECK(api.success_latency->max_ms <= 500 + 10 + 1e-6);
  CHECK(api.success_latency->p50_ms > 300);  // a full bucket: most wait nearly the whole half second
  // 2 s of the 35 measured are down: 33 s of work at 20/s, give or take the bucket at each edge.
  CHECK(std::abs(api.throughput_rps * 35 - 20 * 33) <= 2 * 10 + 2);
  CHECK(api.lost >= 9);  // the bucket was full when the host went
  // A host gone resets its callers' connections when it is back: unavailable.
  CHECK(v.clients[0].unavailable >= api.lost);
}

TEST_CASE("priorities keep the critical class at 100% while the sheddable class absorbs the shedding") {
  // 10 workers, 100 ms each: 100/s. Checkout (critical) sends 50/s, a batch
  // (sheddable) 150/s. The server holds at most 20; sheddable requests may
  // fill 10 of them: they alone keep about 10 workers' worth held, and the
  // critical ones always find room (they need 5 workers on average, and a
  // Poisson 50/s rarely holds 10 at once).
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "priorities", "seed": 12,
    "duration": "60s", "warmup": "10s", "replications": 2, "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "100ms"},
                  "admission": {"max_concurrent": 20}}],
    "clients": [{"name": "checkout", "target": "api", "priority": "critical", "arrival": {"process": "poisson", "rate": "50/s"}},
                {"name": "batch", "target": "api", "priority": "sheddable", "arrival": {"process": "poisson", "rate": "150/s"}}],
    "variants": {"same-class": {"clients": [
                {"name": "checkout", "target": "api", "arrival": {"process": "poisson", "rate": "50/s"}},
                {"name": "batch", "target": "api", "arrival": {"process": "poisson", "rate": "150/s"}}]}}})");
  const auto runs = testing::run_all(set);
  const auto& checkout = runs[0].clients[0];
  const auto& batch = runs[0].clients[1];
  INFO(fmt::format("with priorities: checkout {:.5f}, batch {:.4f}, utilization {:.3f}; one class: checkout {:.4f}, batch {:.4f}",
                   checkout.availability, batch.availability, runs[0].services[0].utilization, runs[1].clients[0].availability,
                   runs[1].clients[1].availability));
  CHECK(checkout.availability == 1.0);
  CHECK(batch.failures == batch.overloaded);
  // The batch gets what is left: the server's work less checkout's (the
  // window's edges move each count by the 20 held at most); it may fill the
  // 10 workers only while checkout holds none, so keeping room for checkout
  // costs a little of the utilization.
  const double served = runs[0].services[0].throughput_rps;
  CHECK(std::abs(batch.goodput_rps + checkout.goodput_rps - served) <= 2 * 20.0 / 50);
  CHECK(batch.goodput_rps > 40);
  CHECK(runs[0].services[0].utilization > 0.9);
  // In one class, checkout is shed as often as the batch.
  CHECK(runs[1].clients[0].availability < 0.9);
}

TEST_CASE("a request's class is its endpoint's if it has one, else its caller's, down the calls made to serve it") {
  // The gateway's requests are sheddable; it calls the backend's "report"
  // (no class of its own: the request keeps its caller's) and "health"
  // (critical, whoever calls). The backend holds at most 2, and a sheddable
  // request only while it holds none (half of 2).
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "propagation", "seed": 13,
    "duration": "30s", "warmup": "5s", "network": {"latency": "1ms"},
    "services": [{"name": "gateway", "workers": 200, "endpoints": [
                    {"name": "report", "service_time": {"dist": "constant", "value": "0s"},
                     "calls": [{"service": "backend", "endpoint": "report"}]},
                    {"name": "health", "service_time": {"dist": "constant", "value": "0s"},
                     "calls": [{"service": "backend", "endpoint": "health"}]}]},
                 {"name": "backend", "workers": 2, "admission": {"max_concurrent": 2}, "endpoints": [
                    {"name": "report", "service_time": {"dist": "constant", "value": "50ms"}},
                    {"name": "health", "priority": "critical", "service_time": {"dist": "constant", "value": "50ms"}}]}],
    "clients": [{"name": "reports", "target": "gateway", "endpoint": "report", "priority": "sheddable",
                 "arrival": {"process": "poisson", "rate": "20/s"}},
                {"name": "probes", "target": "gateway", "endpoint": "health", "priority": "sheddable",
                 "arrival": {"process": "poisson", "rate": "20/s"}}]})");
  const auto v = testing::run_all(set).front();
  const auto& backend = v.services[1];
  // Sheddable reports may fill 1 of the 2 places; critical probes both.
  // At 20/s x 50 ms = 1 Erlang each: Erlang B with 1 server sheds half the
  // reports; the probes, critical, are shed only when both places are held.
  INFO(fmt::format("reports shed {:.3f}, probes shed {:.3f}", backend.endpoints[0].shed->fraction, backend.endpoints[1].shed->fraction));
  CHECK(backend.endpoints[0].shed->fraction > 2 * backend.endpoints[1].shed->fraction);
  CHECK(v.clients[0].availability < v.clients[1].availability);
}

TEST_CASE("flash-sale-shedding: with classes checkout keeps its SLO through the sale, without them it is shed like the rest") {
  const auto set = *scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/flash-sale-shedding.json").scenarios;
  const auto runs = testing::run_all(set);
  REQUIRE(runs.size() == 3);
  const auto client = [&](std::size_t variant, const char* name) {
    for (const auto& c : runs[variant].clients)
      if (c.name == name) return c;
    FAIL("no client " << name);
    return reports::ClientSummary{};
  };
  const auto& base = runs[0];
  INFO(fmt::format("base: checkout {:.5f}, browse {:.4f}, recommendations {:.4f}; no shedding: checkout {:.4f}; one class: checkout {:.4f}",
                   client(0, "checkout").availability, client(0, "browse").availability, client(0, "recommendations").availability,
                   client(1, "checkout").availability, client(2, "checkout").availability));
  CHECK(base.slo_met());
  CHECK(client(0, "checkout").availability >= 0.999);
  // The least important class is shed the most.
  CHECK(client(0, "recommendations").availability < client(0, "browse").availability);
  CHECK(client(0, "browse").availability < client(0, "checkout").availability);
  // Without shedding the queue grows for the whole sale: everyone times out.
  CHECK(client(1, "checkout").availability < 0.5);
  CHECK(runs[1].services[0].mean_queue > 1000);
  // Shedding in one class shares the loss: checkout misses its SLO.
  CHECK(client(2, "checkout").availability < 0.95);
  CHECK_FALSE(runs[2].slo_met());
}

TEST_CASE("adaptive throttling brings what a backend is sent down to about K times what it accepts") {
  // The backend accepts 100/s (a token bucket) and sheds the rest; the
  // client offers 500/s. Throttled with K = 2 over 10 s windows, it sends
  // about 200/s once its counts are full (the SRE book's figure); without,
  // all 500/s. What is accepted is the same: the limiter's 100/s.
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "throttled", "seed": 14,
    "duration": "90s", "warmup": "30s", "replications": 3, "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 20, "service_time": {"dist": "constant", "value": "10ms"},
                  "admission": {"rate_limit": {"kind": "token_bucket", "rate": "100/s", "burst": 10}}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "500/s"}}],
    "pipelines": {"p": {"adaptive_throttling": {"k": 2, "window": "10s"}}},
    "variants": {"unthrottled": {"pipelines": {"p": {"adaptive_throttling": null, "timeout": {"after": "1s"}}}}}})");
  const auto runs = testing::run_all(set);
  const double span = 60;
  const auto& throttled = runs[0];
  const double sent_rps = static_cast<double>(throttled.services[0].requests) / (span * 3);
  const double accepted_rps = throttled.clients[0].goodput_rps;
  INFO(fmt::format("throttled: backend sent {:.1f}/s, accepted {:.1f}/s, rejected locally {}; unthrottled: sent {:.1f}/s",
                   sent_rps, accepted_rps, throttled.clients[0].rejected_by[patterns::PatternKind::adaptive_throttling],
                   static_cast<double>(runs[1].services[0].requests) / (span * 3)));
  CHECK(accepted_rps == Approx(100).margin((10 + 20) / span));
  // In steady state requests - K x accepts = p (requests + 1) and what goes
  // out is requests (1 - p) = K x accepts + p: 200/s, as near as the draws allow.
  CHECK(sent_rps == Approx(2 * accepted_rps).epsilon(0.03));
  CHECK(static_cast<double>(runs[1].services[0].requests) / (span * 3) == Approx(500).epsilon(0.02));
  CHECK(throttled.clients[0].rejected == throttled.clients[0].rejected_by[patterns::PatternKind::adaptive_throttling]);
}
