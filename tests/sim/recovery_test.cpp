// When callers are back after a fault: the lasting return, with the failures
// still in flight when it ends (queues draining, retries in lockstep, timeouts).
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

TEST_CASE("after a partition, availability is back once the queue it built has drained") {
  // api holds a worker for its 10 ms of work plus its call to db; across the
  // cut that call waits for its 100 ms timeout. At 500/s, 10 workers serve
  // 10 / 0.110 = 90.9/s during the 10 s cut: the queue grows by 409.1/s. After
  // it, they serve 1,000/s and the queue drains at 500/s, until its wait is
  // under the clients' 200 ms deadline.
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "drain", "seed": 4,
    "duration": "60s", "network": {"latency": "0ms"},
    "services": [
      {"name": "api", "workers": 10, "service_time": {"dist": "constant", "value": "10ms"},
       "calls": [{"service": "db", "pipeline": "t"}]},
      {"name": "db", "workers": 10, "service_time": {"dist": "constant", "value": "0ms"}}],
    "clients": [{"name": "c", "target": "api", "deadline": "200ms", "arrival": {"process": "constant", "rate": "500/s"}}],
    "pipelines": {"t": {"timeout": {"after": "100ms"}}},
    "faults": [{"kind": "partition", "at": "10s", "for": "10s", "between": [["api"], ["db"]]}]})"))[0];
  const double queue = (500 - 10 / 0.110) * 10;
  const double drain = (queue - 1000 * 0.2) / (1000 - 500);
  REQUIRE(v.faults[0].recover_s);
  // Recovery is found at a bucket's start: within a bucket of the drain time.
  CHECK(*v.faults[0].recover_s == Approx(drain).margin(1.0));
  CHECK(v.faults[0].breach_s == Approx(10 + drain).margin(1.0));
}

TEST_CASE("a thundering herd retried in lockstep recovers when its last retries fail, not when the burst ends") {
  // 0.1 s of a 100x overload: 10,000 requests on a service that serves 1,000/s.
  // Those refused are retried together 10 s later, and again 10 s after that
  // (no jitter), refused again for the most part: the failures come ~20 s
  // after the burst, though the buckets right after it look fine.
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "herd", "seed": 4,
    "duration": "60s", "replications": 2, "network": {"latency": "1ms"},
    "services": [{"name": "api", "workers": 10, "queue": 100, "service_time": {"dist": "constant", "value": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "r", "arrival": {"process": "constant", "rate": "1000/s"}}],
    "pipelines": {"r": {"retry": {"max_attempts": 3, "backoff": {"kind": "fixed", "initial": "10s"}}}},
    "faults": [{"kind": "overload", "at": "10s", "for": "100ms", "client": "c", "multiplier": 100}]})"))[0];
  const auto& f = v.faults.at(0);
  const auto& series = v.client_series[0];
  INFO("failures per bucket 9..35: " << [&] {
    std::string out;
    for (std::size_t k = 9; k < 35; ++k) out += std::to_string(series.failures[k]) + " ";
    return out;
  }());
  // The refused requests end, failed, at their last attempt ~20 s later.
  CHECK(series.failures[30] > 1000);
  CHECK(series.failures[15] == 0);
  REQUIRE(f.recover_s);
  // Recovery is the start of the lasting return: after the failures of second 30.
  CHECK(*f.recover_s > 19.5);
  CHECK(*f.recover_s < 22);
}

TEST_CASE("an adaptive timeout does not ratchet up during a partition: callers recover within seconds of healing") {
  // api calls db through an adaptive timeout (p95 x 1.5 of ~40-80 ms, max 60 s).
  // Counting cut calls at the timeout's value once grew it to 16 s over a
  // 20 s partition, and the calls it then held failed 15 s after healing.
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "adaptive-partition",
    "seed": 2, "duration": "100s", "replications": 2, "network": {"latency": "1ms"},
    "services": [
      {"name": "api", "workers": 200, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"service": "db", "pipeline": "t"}]},
      {"name": "db", "workers": 50, "service_time": {"dist": "lognormal", "median": "40ms", "p99": "80ms"}}],
    "clients": [{"name": "c", "target": "api", "deadline": "30s", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "pipelines": {"t": {"timeout": {"adaptive": {"quantile": 0.95, "multiplier": 1.5, "max": "60s"}}}},
    "faults": [{"kind": "partition", "at": "20s", "for": "20s", "between": [["api"], ["db"]]}]})"))[0];
  const auto& f = v.faults.at(0);
  REQUIRE(f.recover_s);
  CHECK(*f.recover_s < 5);
  // Every call cut during the partition was cut fast: 5 s after healing the
  // failures are back to the rate before it (the few calls slower than the
  // timeout), within 4 Poisson standard deviations.
  const auto failures = [&](std::size_t from, std::size_t to) {
    double n = 0;
    for (std::size_t k = from; k < to; ++k) n += static_cast<double>(v.client_series[0].failures[k]);
    return n / static_cast<double>(to - from);
  };
  const double before = failures(5, 20), after = failures(45, 100);
  INFO("failures per bucket before " << before << ", after " << after);
  CHECK(after <= before + 4 * std::sqrt(std::max(before, 1.0) / 55));
}
