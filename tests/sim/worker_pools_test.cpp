// Worker pools in runs: a surge of one pool takes at most its capacity, the
// others keep their workers; a request waits in its pool's queue at most
// max_wait, then is refused at exactly that moment.
#include <catch2/catch.hpp>
#include <fmt/format.h>

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
