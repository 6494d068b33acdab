// Queue disciplines: FIFO, LIFO and Facebook's adaptive LIFO ("Fail at
// Scale", ACM Queue 2015), against the M/M/1 conservation law and the
// behaviour the paper cites: under a standing queue FIFO serves callers who
// gave up, LIFO the ones still waiting.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reports/statistics.hpp"
#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

std::string mm1(const std::string& discipline, double lambda, int seconds, int replications) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "mm1", "seed": 31,
    "duration": "{}s", "warmup": "20s", "replications": {},
    "services": [{{"name": "server", "discipline": "{}", "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "load", "target": "server", "arrival": {{"process": "poisson", "rate": "{}/s"}}}}]}})",
                     seconds, replications, discipline, lambda);
}

// 10 workers of 10 ms (1,000 a second) offered 1,200 a second, whose clients
// give up after 200 ms: the queue stands for the whole minute.
std::string overloaded(const std::string& discipline) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "standing", "seed": 32, "duration": "60s",
    "services": [{{"name": "server", "workers": 10, "discipline": "{}", "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "load", "target": "server", "deadline": "200ms", "arrival": {{"process": "poisson", "rate": "1200/s"}}}}]}})",
                     discipline);
}

std::string errors_of(const std::string& text) {
  const auto loaded = scenarios::load_scenario_text(text, "t.json");
  REQUIRE_FALSE(loaded.scenarios);
  std::string all;
  for (const auto& e : loaded.errors) all += e.format() + "\n";
  return all;
}

double mean_availability(const reports::VariantSummary& v, std::size_t from, std::size_t to) {
  double sum = 0;
  for (std::size_t k = from; k < to; ++k) sum += v.client_series[0].availability[k].value_or(0);
  return sum / static_cast<double>(to - from);
}

}  // namespace

TEST_CASE("M/M/1 under LIFO keeps FIFO's mean response time, 1/(mu - lambda), with a longer tail") {
  // The mean wait of a work-conserving discipline that ignores service times
  // is the same (Kleinrock's conservation law); its spread is not: the
  // second moment of LIFO's wait is FIFO's over 1 - rho.
  const double lambda = 80, theory_ms = 1000 / (100 - lambda);  // 50 ms
  std::vector<double> lifo_ms;
  for (const auto& one : testing::run_each_replication(testing::load_text(mm1("lifo", lambda, 400, 10))))
    lifo_ms.push_back(one.services.front().latency.mean_ms);
  const double tolerance = reports::mean_ci_half_width(lifo_ms, 0.99);
  INFO("LIFO mean " << reports::mean(lifo_ms) << " ms +- " << tolerance << " (99% CI), theory " << theory_ms);
  CHECK(std::abs(reports::mean(lifo_ms) - theory_ms) <= tolerance);

  const auto fifo = testing::run_all(testing::load_text(mm1("fifo", lambda, 400, 4)))[0].services.front().latency;
  const auto lifo = testing::run_all(testing::load_text(mm1("lifo", lambda, 400, 4)))[0].services.front().latency;
  // On one sample path (same arrivals, service times drawn in the order work
  // starts) the number in the system is the same under both: so is the mean.
  CHECK(lifo.mean_ms == Approx(fifo.mean_ms).epsilon(0.01));
  // LIFO serves most arrivals sooner and some much later (measured here:
  // median 18 against 35 ms, p99 665 against 248 ms).
  CHECK(lifo.p50_ms < 0.7 * fifo.p50_ms);
  CHECK(lifo.p99_ms > 1.5 * fifo.p99_ms);
}

TEST_CASE("under a standing queue FIFO's goodput goes to zero, LIFO and adaptive LIFO keep it near capacity") {
  // At most 1,000 of the 1,200 a second can be served: availability 0.83 at best.
  const auto fifo = testing::run_all(testing::load_text(overloaded("fifo")))[0];
  const auto lifo = testing::run_all(testing::load_text(overloaded("lifo")))[0];
  const auto adaptive = testing::run_all(testing::load_text(overloaded("adaptive_lifo")))[0];
  const double fifo_a = mean_availability(fifo, 10, 60), lifo_a = mean_availability(lifo, 10, 60),
               adaptive_a = mean_availability(adaptive, 10, 60);
  INFO("availability after 10 s: fifo " << fifo_a << ", lifo " << lifo_a << ", adaptive " << adaptive_a);
  CHECK(fifo_a < 0.02);
  CHECK(lifo_a > 0.9 * 1000 / 1200.0);
  CHECK(adaptive_a > 0.9 * 1000 / 1200.0);
}

TEST_CASE("adaptive LIFO is FIFO while the queue keeps draining") {
  // rho = 0.3: a busy period lasts 14 ms on average, and one whose queue
  // stays up for 100 ms is rare: adaptive LIFO's p99 is FIFO's within a bin
  // (at rho = 0.8 the long busy periods that make the tail are served LIFO,
  // and its p99 is 2.6 times FIFO's).
  const auto fifo = testing::run_all(testing::load_text(mm1("fifo", 30, 400, 4)))[0].services.front().latency;
  const auto adaptive = testing::run_all(testing::load_text(mm1("adaptive_lifo", 30, 400, 4)))[0].services.front().latency;
  CHECK(adaptive.mean_ms == Approx(fifo.mean_ms).epsilon(0.01));
  CHECK(adaptive.p50_ms == Approx(fifo.p50_ms).epsilon(1.0 / 64));
  CHECK(adaptive.p99_ms == Approx(fifo.p99_ms).epsilon(1.0 / 64));
}

TEST_CASE("a discipline is refused where there is no worker queue to order") {
  const std::string pooled = R"({"schema": "chaossim/scenario/v1", "name": "p", "duration": "10s",
    "services": [{"name": "s", "discipline": "lifo", "endpoints": [{"name": "a", "service_time": {"dist": "constant", "value": "1ms"}}],
                  "worker_pools": {"pools": [{"name": "p", "endpoints": ["a"], "capacity": 2, "reserved": 2, "max_queue": 5, "max_wait": "1s"}]}}],
    "clients": [{"name": "c", "target": "s", "endpoint": "a", "arrival": {"process": "constant", "rate": "1/s"}}]})";
  CHECK_THAT(errors_of(pooled), Catch::Contains("$.services[0].discipline") && Catch::Contains("first in, first out"));
  const std::string unknown = R"({"schema": "chaossim/scenario/v1", "name": "u", "duration": "10s",
    "services": [{"name": "s", "discipline": "random", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "s", "arrival": {"process": "constant", "rate": "1/s"}}]})";
  CHECK_THAT(errors_of(unknown), Catch::Contains("$.services[0].discipline") && Catch::Contains("adaptive_lifo"));
}
