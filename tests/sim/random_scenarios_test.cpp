// Random valid scenarios (random call DAGs, distributions, queues, balancers,
// arrival processes) must all run to the end, and their counts must add up.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/rng.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

std::string random_scenario(sim::Rng& rng, int index) {
  const int services = 1 + static_cast<int>(rng.below(5));
  const char* dists[] = {R"({"dist": "constant", "value": "2ms"})", R"({"dist": "exponential", "mean": "3ms"})",
                         R"({"dist": "lognormal", "median": "2ms", "p99": "20ms"})", R"({"dist": "uniform", "min": "0ms", "max": "4ms"})"};
  const char* balancers[] = {"round_robin", "random", "least_outstanding"};
  std::string svc;
  for (int i = 0; i < services; ++i) {
    std::string calls;
    for (int j = i + 1; j < services; ++j)  // only to later services: a DAG
      if (rng.bernoulli(0.5))
        calls += fmt::format(R"({}{{"service": "s{}", "optional": {}}})", calls.empty() ? "" : ",", j, rng.bernoulli(0.3));
    const std::string queue = rng.bernoulli(0.5) ? fmt::format(R"("queue": {},)", rng.below(20)) : "";
    svc += fmt::format(R"({}{{"name": "s{}", "instances": {}, "workers": {}, {} "errors": {}, "balancer": "{}",
                            "service_time": {}, "calls": [{}]}})",
                       i ? "," : "", i, 1 + rng.below(3), 1 + rng.below(8), queue, rng.bernoulli(0.5) ? 0.05 : 0.0,
                       balancers[rng.below(3)], dists[rng.below(4)], calls);
  }
  const std::string arrivals[] = {R"({"process": "poisson", "rate": "300/s"})", R"({"process": "constant", "rate": "150/s"})",
                                  R"({"process": "closed", "users": 20, "think": "10ms"})",
                                  R"({"process": "poisson", "rate": "10/s", "ramp": [{"at": "5s", "rate": "800/s"}]})"};
  const std::string deadline = rng.bernoulli(0.5) ? R"("deadline": "50ms",)" : "";
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "random{}", "seed": {}, "duration": "10s",
    "bucket": "500ms", "replications": 2, "network": {{"latency": "{}ms"}},
    "services": [{}],
    "clients": [{{"name": "c", "target": "s0", {} "arrival": {}}}]}})",
                     index, index, rng.below(3), svc, deadline, arrivals[rng.below(4)]);
}

}  // namespace

TEST_CASE("random valid scenarios run to the end and their counts add up") {
  sim::Rng rng(2024);
  for (int i = 0; i < 12; ++i) {
    const std::string text = random_scenario(rng, i);
    INFO(text);
    const auto v = testing::run_all(testing::load_text(text))[0];
    const auto& c = v.clients[0];
    CHECK(c.successes + c.failures == c.requests);
    CHECK(c.errors + c.unavailable + c.timeouts == c.failures);
    CHECK(c.availability >= 0);
    CHECK(c.availability <= 1);
    for (const auto& s : v.services) {
      CHECK(s.successes + s.failures + s.rejected <= s.requests);
      CHECK(s.utilization <= 1.0 + 1e-9);
    }
  }
}
