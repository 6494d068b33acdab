// Service that depends on load: the Universal Scalability Law's contention and
// coherency (`scalability`), and a garbage collector whose pauses grow with
// what an instance holds (`gc`), checked against their closed forms and
// against the metastable failure the second causes.
#include <cmath>
#include <map>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/processor_sharing.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;
using sim::scheduler;

namespace {

// One instance of `workers`, saturated: 10 ms exponential service times,
// Poisson arrivals far above what it serves, a queue of 1,000 always full.
double saturated_throughput(int workers, const std::string& extra, double duration_s) {
  const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "usl", "seed": 5, "duration": "{}s",
    "services": [{{"name": "api", "workers": {}, "queue": 1000 {}, "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "1500/s"}}}}]}})",
                                duration_s, workers, extra);
  const auto c = testing::run_all(testing::load_text(text))[0].clients[0];
  return static_cast<double>(c.successes) / duration_s;
}

}  // namespace

TEST_CASE("under the scalability law n requests at once each go 1 + alpha (n - 1) + beta n (n - 1) times slower") {
  scheduler().reset(true);
  std::vector<sim::Request> requests(2);
  std::map<int, double> finished;
  sim::ProcessorSharing cpu(
      std::numeric_limits<double>::infinity(), scenarios::Scalability{0.1, 0.01}, [](double t0, double t1) { return t1 - t0; },
      [](double t, double w) { return t + w; },
      [&](sim::Request* r) { finished[static_cast<int>(r - requests.data())] = scheduler().now(); });
  // Two at once: 1 + 0.1 + 0.02 = 1.12 times slower, the first done at 1.12 s;
  // the second, alone with 1 s of work left, at 2.12 s.
  cpu.enter(&requests[0], 1, 0);
  cpu.enter(&requests[1], 2, 0);
  scheduler().play_until(100);
  CHECK(finished.at(0) == Approx(1.12));
  CHECK(finished.at(1) == Approx(2.12));
}

TEST_CASE("a saturated service's throughput follows the scalability law and peaks at sqrt((1 - alpha) / beta) workers") {
  // alpha 0.05, beta 0.002: n* = sqrt(0.95 / 0.002) = 21.8 workers. All the
  // workers always busy, each departure is at rate n / (S (1 + ...)) with
  // exponential work: a Poisson count, whose relative standard deviation is
  // 1 / sqrt(X T); 5 of them is the tolerance.
  const double alpha = 0.05, beta = 0.002, duration = 200, service = 0.010;
  const std::string law = R"(, "scalability": {"contention": 0.05, "coherency": 0.002})";
  std::map<int, double> measured;
  for (int n : {10, 22, 40}) {
    const double theory = n / (service * (1 + alpha * (n - 1) + beta * n * (n - 1)));
    measured[n] = saturated_throughput(n, law, duration);
    INFO(n << " workers: " << measured[n] << " a second, theory " << theory);
    CHECK(measured[n] == Approx(theory).epsilon(5 / std::sqrt(theory * duration)));
  }
  CHECK(measured[22] > measured[10]);
  CHECK(measured[22] > measured[40]);
  // Without the law 40 workers serve 4,000 a second: more than is offered.
  CHECK(saturated_throughput(40, "", 20) == Approx(1500).epsilon(0.03));
}

TEST_CASE("a collector's pauses take interval / (interval + pause) of a saturated service's throughput, pause growing with what it holds") {
  // 2 workers of 100 ms, a queue of 98 kept full by 20 times the load it
  // serves: it holds 100 requests at each collection. Every 1 s of running,
  // a pause of 20 ms + 1 ms x 100 = 120 ms: 20 / 1.12 = 17.86 a second.
  const auto throughput = [](const std::string& gc) {
    const double duration = 2000;
    const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "gc", "seed": 9, "duration": "{}s",
      "services": [{{"name": "api", "workers": 2, "queue": 98, "gc": {}, "service_time": {{"dist": "exponential", "mean": "100ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "400/s"}}}}]}})",
                                  duration, gc);
    return static_cast<double>(testing::run_all(testing::load_text(text))[0].clients[0].successes) / duration;
  };
  const double full = 20 / 1.12;
  CHECK(throughput(R"({"interval": "1s", "pause": "20ms", "pause_per_request": "1ms"})") ==
        Approx(full).epsilon(5 / std::sqrt(full * 2000)));
  const double base_only = 20 / 1.02;
  CHECK(throughput(R"({"interval": "1s", "pause": "20ms"})") == Approx(base_only).epsilon(5 / std::sqrt(base_only * 2000)));
}

TEST_CASE("pauses that grow with the queue hold a service in the overload a burst started: a metastable failure") {
  // 10 workers of 10 ms at 700 a second, rho 0.7. A collection every 1 s of
  // 10 ms + 0.5 ms per request held costs about 1.5% at this load. A burst
  // of 3,000 requests makes the pauses 1.5 s long: it serves less than it is
  // sent, the queue grows to its 5,000 and stays there, long after the burst.
  const auto availability_after_burst = [](const std::string& gc, bool burst) {
    const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "metastable", "seed": 4, "duration": "200s",
      "warmup": "100s",
      "services": [{{"name": "api", "workers": 10, "queue": 5000, "gc": {}, "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "700/s" {}}}}}]}})",
                                  gc, burst ? R"(, "bursts": [{"at": "20s", "requests": 3000}])" : "");
    return testing::run_all(testing::load_text(text))[0].clients[0].availability;
  };
  const std::string growing = R"({"interval": "1s", "pause": "10ms", "pause_per_request": "0.5ms"})";
  const std::string fixed = R"({"interval": "1s", "pause": "10ms"})";
  // The same load without the burst, or the burst with pauses that do not
  // grow: it serves everything once the burst has drained (by 30 s).
  CHECK(availability_after_burst(growing, false) > 0.999);
  CHECK(availability_after_burst(fixed, true) > 0.999);
  // With both, 80 s after the burst: each pause ends with the queue full
  // (5,000 and 10 in service), the second of running after it serves 1,000
  // and takes in 700, so the next pause is of 4,710 requests, 2.365 s long:
  // 1,000 / 3.365 = 297 of the 700 a second are served.
  const double stuck = availability_after_burst(growing, true);
  CHECK(stuck < 0.5);
  CHECK(stuck == Approx(1000 / (1 + 0.010 + 0.0005 * 4710) / 700).epsilon(0.03));
}

TEST_CASE("the scalability law and the collector take what they are said to") {
  const auto with = [](const std::string& extra) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "1s",
      "services": [{{"name": "api" {}, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "1/s"}}}}]}})",
                       extra);
  };
  CHECK(testing::load_errors(with(R"(, "scalability": {"contention": 0.05, "coherency": 0.001})")).empty());
  CHECK_THAT(testing::load_errors(with(R"(, "scalability": {"contention": 1})")), Catch::Contains("$.services[0].scalability.contention"));
  CHECK_THAT(testing::load_errors(with(R"(, "scalability": {"coherency": -0.1})")), Catch::Contains("$.services[0].scalability.coherency"));
  CHECK_THAT(testing::load_errors(with(R"(, "scalability": {"alpha": 0.1})")), Catch::Contains("$.services[0].scalability.alpha"));
  CHECK(testing::load_errors(with(R"(, "gc": {"interval": "2s", "pause": "20ms", "pause_per_request": "0.1ms"})")).empty());
  CHECK_THAT(testing::load_errors(with(R"(, "gc": {"pause": "20ms"})")), Catch::Contains("$.services[0].gc.interval"));
  CHECK_THAT(testing::load_errors(with(R"(, "gc": {"interval": "0s"})")), Catch::Contains("$.services[0].gc.interval"));
  const auto queue = R"({"schema": "chaossim/scenario/v1", "name": "q", "duration": "1s",
    "services": [{"name": "q", "kind": "queue", "capacity": 10, "gc": {"interval": "1s"}, "consumers": [{"service": "w"}]},
                 {"name": "w", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "q", "arrival": {"process": "poisson", "rate": "1/s"}}]})";
  CHECK_THAT(testing::load_errors(queue), Catch::Contains("$.services[0].gc"));
}
