// Worker pools in runs: a surge of one pool takes at most its capacity, the
// others keep their workers; a request waits in its pool's queue at most
// max_wait, then is refused at exactly that moment.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/rng.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {
std::string hospital(const std::string& faculty) {
  return R"({"schema": "chaossim/scenario/v1", "name": "hospital", "seed": 21, "duration": "300s", "warmup": "20s",
    "replications": 2, "network": {"latency": "1ms"},
    "services": [)" + faculty + R"(],
    "clients": [{"name": "icu", "target": "faculty", "endpoint": "icu", "arrival": {"process": "poisson", "rate": "20/s"}},
                {"name": "clinic", "target": "faculty", "endpoint": "clinic", "arrival": {"process": "poisson", "rate": "5/s"}}]})";
}
const std::string endpoints = R"("endpoints": [
      {"name": "icu", "service_time": {"dist": "exponential", "mean": "1s"}},
      {"name": "clinic", "service_time": {"dist": "exponential", "mean": "1s"}}])";
}  // namespace

TEST_CASE("an ICU surge takes at most its pool's capacity and the clinic keeps its workers, where one shared pool starves it") {
  // An ICU surge asks for 20 workers' worth (20/s x 1 s), the clinic for 5; 16 in all.
  const auto pooled = testing::run_all(testing::load_text(hospital(R"({"name": "faculty", )" + endpoints + R"(,
      "worker_pools": {"flex": 2, "pools": [
        {"name": "icu", "endpoints": ["icu"], "capacity": 6, "reserved": 5, "max_borrow": 1, "max_queue": 20, "max_wait": "10s"},
        {"name": "clinic", "endpoints": ["clinic"], "capacity": 9, "reserved": 9, "max_queue": 20, "max_wait": "10s"}]}})")))
                          .front();
  const auto shared = testing::run_all(testing::load_text(hospital(R"({"name": "faculty", "workers": 16, "queue": 40, )" + endpoints + "}")))
                          .front();
  const auto& faculty = pooled.services[0];
  REQUIRE(faculty.pools.size() == 2);
  const auto& icu = faculty.pools[0];
  const auto& clinic = faculty.pools[1];
  INFO(fmt::format("pooled: icu busy {:.3f} borrowed {:.3f}, clinic busy {:.3f}; availability icu {:.4f} clinic {:.4f}; "
                   "shared: clinic {:.4f}, p95 {:.0f} ms",
                   icu.mean_busy, icu.mean_borrowed, clinic.mean_busy, pooled.clients[0].availability, pooled.clients[1].availability,
                   shared.clients[1].availability, shared.clients[1].success_latency->p95_ms));
  // Never past its capacity, and saturated: 6 workers for a load of 20.
  CHECK(icu.mean_busy <= 6 + 1e-9);
  CHECK(icu.mean_busy > 5.9);
  CHECK(icu.mean_borrowed <= 1 + 1e-9);
  CHECK(icu.borrowed > 0);
  // The clinic's 5 Erlangs on its 9 reserved workers: M/M/9 waits rarely and briefly.
  CHECK(pooled.clients[1].availability == 1.0);
  CHECK(clinic.mean_borrowed == 0);
  // One shared pool of 16 and one queue: the ICU's excess fills the queue, and the clinic waits and is refused with it.
  CHECK(shared.clients[1].availability < 0.9);
  // What ICU could not get: refused (queue full) or timed out, counted on its
  // pool; its client hears each 1 ms later (a few cross the window's edges).
  CHECK(icu.rejected == pooled.services[0].endpoints[0].rejected);
  CHECK(static_cast<double>(pooled.clients[0].failures) == Approx(static_cast<double>(icu.rejected)).margin(10));
}

TEST_CASE("a request waits in its pool's queue max_wait at most, and is refused at exactly that moment") {
  // One worker, 1 s of work each, 2 requests a second: the queue grows by
  // one a second, and every request that waits 1.5 s is refused then: its
  // latency is 1.5 s and the two hops (2 ms).
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "waits", "seed": 22,
    "duration": "60s", "warmup": "10s", "network": {"latency": "1ms"},
    "services": [{"name": "api", "endpoints": [{"name": "work", "service_time": {"dist": "constant", "value": "1s"}}],
                  "worker_pools": {"pools": [{"name": "all", "endpoints": ["work"], "capacity": 1, "max_queue": 100, "max_wait": "1500ms"}]}}],
    "clients": [{"name": "c", "target": "api", "endpoint": "work", "arrival": {"process": "constant", "rate": "2/s"}}]})"))
                     .front();
  const auto& c = v.clients[0];
  const auto& pool = v.services[0].pools[0];
  INFO(fmt::format("failures {}, timed out {}, failure latency mean {:.6f} max {:.6f}", c.failures, pool.timed_out,
                   c.failure_latency->mean_ms, c.failure_latency->max_ms));
  REQUIRE(c.failures > 40);
  CHECK(c.failure_latency->mean_ms == Approx(1502).epsilon(1e-9));
  CHECK(c.failure_latency->max_ms == Approx(1502).epsilon(1e-9));
  CHECK(std::llabs(static_cast<long long>(pool.timed_out) - static_cast<long long>(c.failures)) <= 2);
  CHECK(v.services[0].pools[0].mean_busy == Approx(1).margin(1e-9));
}

TEST_CASE("random pooled services under crashes, deadlines, cancellation and shedding run to the end and their counts add up") {
  sim::Rng rng(2028);
  for (int i = 0; i < 16; ++i) {
    const int instances = 1 + static_cast<int>(rng.below(3));
    const int capacity = 2 + static_cast<int>(rng.below(3));
    const int reserved = capacity - static_cast<int>(rng.below(3));  // borrowing at most the 2 flex
    const std::string admission = rng.bernoulli(0.5) ? R"("admission": {"queue_delay": {"target": "5ms", "interval": "50ms"}, "max_concurrent": 12},)"
                                                     : (rng.bernoulli(0.5) ? R"("admission": {"rate_limit": {"kind": "leaky_bucket", "rate": "300/s", "capacity": 3}},)" : "");
    const std::string text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "pools{}", "seed": {}, "duration": "10s",
      "bucket": "500ms", "replications": 2, "network": {{"latency": "{}ms"}},
      "services": [{{"name": "s", "instances": {}, {}
        "endpoints": [{{"name": "a", "service_time": {{"dist": "exponential", "mean": "20ms"}}}},
                      {{"name": "b", "service_time": {{"dist": "exponential", "mean": "20ms"}}}}],
        "worker_pools": {{"flex": 2, "pools": [
          {{"name": "pa", "endpoints": ["a"], "capacity": {}, "reserved": {}, "max_queue": {}, "max_wait": "{}ms"}},
          {{"name": "pb", "endpoints": ["b"], "capacity": 3, "reserved": 2, "max_queue": 5}}]}}}}],
      "clients": [{{"name": "ca", "target": "s", "endpoint": "a", "deadline": "{}ms", "propagate_deadline": {}, "cancel_on_timeout": {},
                    "pipeline": "p", "arrival": {{"process": "poisson", "rate": "{}/s"}}}},
                  {{"name": "cb", "target": "s", "endpoint": "b", "arrival": {{"process": "poisson", "rate": "60/s"}}}}],
      "pipelines": {{"p": {{"timeout": {{"after": "30ms"}}, "retry": {{"max_attempts": 2}}}}}},
      "faults": [{{"kind": "crash", "at": "{}s", "for": "1s", "target": "s", "instances": 1, "mode": "{}"}}]}})",
                                         i, i, rng.below(3), instances, admission, capacity, reserved, rng.below(8),
                                         5 + rng.below(50), 20 + rng.below(100), rng.bernoulli(0.5), rng.bernoulli(0.5),
                                         100 + rng.below(400), 2 + rng.below(6), rng.bernoulli(0.5) ? "blackhole" : "refuse");
    INFO(text);
    const auto set = testing::load_text(text);
    const auto v = testing::run_all(set)[0];
    for (const auto& c : v.clients) {
      CHECK(c.successes + c.failures == c.requests);
      CHECK(c.errors + c.unavailable + c.timeouts + c.rejected + c.overloaded == c.failures);
    }
    const auto& s = v.services[0];
    const std::uint64_t shed = s.shed ? s.shed->total : 0;
    CHECK(s.successes + s.failures + s.rejected + shed + s.lost + s.expired + s.cancelled <= s.requests);
    CHECK(s.utilization <= 1.0 + 1e-9);
    const auto& pools = set.base.services[0].worker_pools->pools;
    for (std::size_t p = 0; p < pools.size(); ++p) {
      CHECK(s.pools[p].mean_busy <= pools[p].capacity * instances + 1e-9);
      CHECK(s.pools[p].mean_busy >= -1e-9);
      CHECK(s.pools[p].mean_borrowed <= pools[p].max_borrow * instances + 1e-9);
      CHECK(s.pools[p].mean_queue >= -1e-9);
      CHECK(s.pools[p].mean_queue <= pools[p].max_queue * instances + 1e-9);
    }
    CHECK(s.mean_busy == Approx(s.pools[0].mean_busy + s.pools[1].mean_busy).margin(1e-6));
  }
}

TEST_CASE("faculty-bulkheads: the ICU surge stops at its pool and the clinic keeps its SLO, where one shared pool lets it starve the clinic") {
  const auto set = *scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/faculty-bulkheads.json").scenarios;
  const auto runs = testing::run_all(set);
  REQUIRE(runs.size() == 3);
  const auto& base = runs[0];
  const auto& shared = runs[1];
  const auto& no_flex = runs[2];
  INFO(fmt::format("base: icu {:.4f} clinic {:.4f}; shared: icu {:.4f} clinic {:.4f}; no-flex: icu {:.4f} clinic {:.4f}",
                   base.clients[0].availability, base.clients[1].availability, shared.clients[0].availability,
                   shared.clients[1].availability, no_flex.clients[0].availability, no_flex.clients[1].availability));
  CHECK(base.slo_met());
  CHECK(base.clients[1].availability == 1.0);
  CHECK(base.services[0].pools[0].mean_busy <= 6 + 1e-9);
  CHECK(base.services[0].pools[0].borrowed > 0);
  // One pool: the ICU does better, at the clinic's expense, which misses its SLO.
  CHECK_FALSE(shared.slo_met());
  CHECK(shared.clients[0].availability > base.clients[0].availability);
  CHECK(shared.clients[1].availability < 0.99);
  // Without the flex faculty the clinic is as safe, and the ICU loses what it borrowed.
  CHECK(no_flex.clients[1].availability == 1.0);
  CHECK(no_flex.clients[0].availability < base.clients[0].availability);
}
