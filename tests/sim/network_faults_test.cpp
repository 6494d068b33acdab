// The network faults of netem and Toxiproxy: correlated jitter, reordering,
// corruption, a bandwidth cut and a one-way black hole at an endpoint.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/correlated_jitter.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;
using testing::mean_over;

namespace {

// A client calling api (1 ms a hop, 1 ms of work) at a constant rate for 40 s.
std::string api_alone(const std::string& faults, int replications = 1, const std::string& network = R"("latency": "1ms")",
                      const std::string& rate = "100/s") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "n", "seed": 4, "duration": "40s", "replications": {},
    "network": {{{}}},
    "services": [{{"name": "api", "workers": 100, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "{}"}}}}],
    "faults": [{}]}})",
                     replications, network, rate, faults);
}

}  // namespace

TEST_CASE("correlated jitter leans each draw on the last: lag-1 autocorrelation c, mean 0, as netem's") {
  for (const double c : {0.0, 0.25, 0.75}) {
    sim::Rng rng(17);
    sim::CorrelatedJitter jitter(0.010, c);
    const int n = 200000;
    std::vector<double> x;
    for (int k = 0; k < n; ++k) x.push_back(jitter.next(rng));
    double mean = 0;
    for (double v : x) mean += v;
    mean /= n;
    double var = 0, cov = 0;
    for (int k = 0; k < n; ++k) {
      var += (x[static_cast<std::size_t>(k)] - mean) * (x[static_cast<std::size_t>(k)] - mean);
      if (k > 0) cov += (x[static_cast<std::size_t>(k)] - mean) * (x[static_cast<std::size_t>(k) - 1] - mean);
    }
    const double r1 = cov / var;
    INFO("correlation " << c << ": lag-1 " << r1 << ", mean " << mean);
    // The estimate's standard error is about sqrt((1 - c^2) / n): 4 of them.
    CHECK(std::abs(r1 - c) < 4 * std::sqrt((1 - c * c) / n));
    // An AR(1)'s mean has the long-run variance of its innovations: (1-c)^2 (J^2/3) / (1-c)^2 / n.
    CHECK(std::abs(mean) < 4 * 0.010 / std::sqrt(3.0 * n));
    // Its variance narrows as netem's does: (1 - c) / (1 + c) x J^2 / 3.
    CHECK(var / n == Approx((1 - c) / (1 + c) * 0.010 * 0.010 / 3).epsilon(0.03));
  }
}

TEST_CASE("a latency fault's correlation keeps its mean delay: add") {
  const auto v = testing::run_all(testing::load_text(
      api_alone(R"({"kind": "latency", "at": "10s", "for": "20s", "target": "api", "add": "20ms", "jitter": "10ms", "correlation": 0.8})")))[0];
  const auto& series = v.client_series[0];
  // 2,000 answers with a spread of J / sqrt(3) narrowed by sqrt((1-c)/(1+c)),
  // correlated so that their mean varies as 2,000 independent U(-J, J) would:
  // a standard error of 0.13 ms, 4 of them 0.5 ms.
  CHECK(mean_over(series.mean_ms, 11, 28) - mean_over(series.mean_ms, 1, 9) == Approx(20).margin(0.5));
}

TEST_CASE("reorder holds back the stated fraction of what the target sends: those sent after overtake them") {
  // api answers every 10 ms; a fifth of its answers wait 50 ms more, so the
  // next four or five answers arrive before each of them: out of send order.
  // Mean latency: 3 ms, plus 0.2 x 50 ms inside the window.
  const auto runs = testing::run_each_replication(testing::load_text(
      api_alone(R"({"kind": "reorder", "at": "0s", "for": "40s", "target": "api", "rate": 0.2, "delay": "50ms"})", 8)));
  std::vector<double> mean_ms, p95_ms, p50_ms;
  for (const auto& v : runs) {
    mean_ms.push_back(v.clients[0].latency.mean_ms);
    p50_ms.push_back(v.clients[0].latency.p50_ms);
    p95_ms.push_back(v.clients[0].latency.p95_ms);
    CHECK(v.clients[0].availability == 1.0);
  }
  testing::check_within_ci99(mean_ms, 3 + 0.2 * 50);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    CHECK(p50_ms[r] == Approx(3).margin(0.1));   // most go at once
    CHECK(p95_ms[r] == Approx(53).margin(0.5));  // the held back are more than the slowest 5%
  }
}

TEST_CASE("corrupt spoils messages both ways: a spoiled request is a client error with no work, a spoiled answer an error") {
  const auto runs = testing::run_each_replication(testing::load_text(
      api_alone(R"({"kind": "corrupt", "at": "0s", "for": "40s", "target": "api", "rate": 0.1})", 8)));
  std::vector<double> availability, parsed;
  for (const auto& v : runs) {
    availability.push_back(v.clients[0].availability);
    // The service fails at once what it cannot parse: about 10% of what reaches it.
    parsed.push_back(static_cast<double>(v.services[0].failures) / static_cast<double>(v.services[0].requests));
    CHECK(v.clients[0].errors == v.clients[0].failures);
  }
  // A call succeeds when neither its request nor its answer is spoiled.
  testing::check_within_ci99(availability, 0.9 * 0.9);
  testing::check_within_ci99(parsed, 0.1);
}

TEST_CASE("a bandwidth cut slows each message by its size over the bandwidth left, under a bandwidth-sharing model") {
  // 1,024-byte messages through links cut to 102,400 B/s: 10 ms each way,
  // twice a call, at 2 calls a second (rarely two at once on a link).
  const auto v = testing::run_all(testing::load_text(api_alone(
      R"({"kind": "bandwidth", "at": "10s", "for": "20s", "target": "api", "bandwidth": "102400Bps"})", 4,
      R"("model": "CM02", "latency": "1ms")", "2/s")))[0];
  const auto& series = v.client_series[0];
  const double before = mean_over(series.mean_ms, 1, 9), during = mean_over(series.mean_ms, 11, 28), after = mean_over(series.mean_ms, 31, 39);
  CHECK(during - before == Approx(20).margin(0.5));
  CHECK(after == Approx(before).margin(0.1));
  // Under the constant model, which moves messages without bandwidth, the fault is refused.
  const auto refused = scenarios::load_scenario_text(
      api_alone(R"({"kind": "bandwidth", "at": "10s", "for": "20s", "target": "api", "bandwidth": "1Mbps"})"), "t.json");
  CHECK(testing::mentions(refused.errors, "$.faults[0].kind", "needs a bandwidth-sharing network model"));
}

TEST_CASE("a black hole drops one direction of one endpoint: requests never reach it, or its answers never leave") {
  // api's two endpoints, each called every 20 ms with a 100 ms timeout.
  const auto run = [](const std::string& drop) {
    return testing::run_all(testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "b", "seed": 6, "duration": "40s",
      "network": {{"latency": "1ms"}},
      "pipelines": {{"quick": {{"timeout": {{"after": "100ms"}}}}}},
      "services": [{{"name": "api", "workers": 100, "endpoints": [
                      {{"name": "read", "service_time": {{"dist": "constant", "value": "1ms"}}}},
                      {{"name": "write", "service_time": {{"dist": "constant", "value": "1ms"}}}}]}}],
      "clients": [{{"name": "readers", "target": "api", "endpoint": "read", "pipeline": "quick", "arrival": {{"process": "constant", "rate": "50/s"}}}},
                  {{"name": "writers", "target": "api", "endpoint": "write", "pipeline": "quick", "arrival": {{"process": "constant", "rate": "50/s"}}}}],
      "faults": [{{"kind": "blackhole", "at": "10s", "for": "10s", "target": "api", "endpoint": "write", "drop": "{}"}}]}})",
                                                            drop)))[0];
  };
  std::vector<std::uint64_t> served;
  for (const std::string drop : {"requests", "answers"}) {
    INFO(drop);
    const auto v = run(drop);
    CHECK(v.clients[0].failures == 0);  // reads go on
    // The 500 writes sent in the window time out (a last one or two may straddle its end).
    CHECK(v.clients[1].timeouts >= 499);
    CHECK(v.clients[1].timeouts <= 502);
    served.push_back(v.services[0].endpoints[1].requests);
  }
  // Dropping answers wastes the work on the 500 writes that dropping requests spares.
  CHECK(served[1] - served[0] == 500);
}
