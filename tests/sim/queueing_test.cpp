// The simulator against queueing theory. Tolerances come from each run's own
// replications: the theoretical value must lie in the 99% Student-t confidence
// interval of the simulated mean.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "reports/statistics.hpp"
#include "tests/queueing_formulas.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;
using testing::erlang_c;
using testing::mmc_response_time;

namespace {

std::string mmc_scenario(double lambda, double mu, int c, int seconds, int replications) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "mmc", "seed": 11,
    "duration": "{}s", "warmup": "20s", "replications": {},
    "services": [{{"name": "server", "workers": {}, "service_time": {{"dist": "exponential", "mean": "{}ms"}}}}],
    "clients": [{{"name": "load", "target": "server", "arrival": {{"process": "poisson", "rate": "{}/s"}}}}]}})",
                     seconds, replications, c, 1000 / mu, lambda);
}

}  // namespace

TEST_CASE("Erlang C as written here matches known values") {
  CHECK(erlang_c(1, 0.5) == Approx(0.5));               // M/M/1: P(wait) = rho
  CHECK(erlang_c(2, 1.0) == Approx(1.0 / 3));           // 2 servers, a = 1
  CHECK(mmc_response_time(320, 100, 4) == Approx(0.017455).epsilon(1e-3));
}

TEST_CASE("M/M/c runs reproduce Erlang C's mean response time and Little's law") {
  struct Setting {
    double lambda, mu;
    int c;
    int seconds;
  };
  // rho = 0.5, 0.7, 0.8, 0.9; c = 1, 2, 4, 16.
  const Setting settings[] = {{50, 100, 1, 400}, {140, 100, 2, 300}, {320, 100, 4, 200}, {1440, 100, 16, 100}};
  for (const auto& s : settings) {
    const auto set = testing::load_text(mmc_scenario(s.lambda, s.mu, s.c, s.seconds, 10));
    // Per replication: the server's mean response time, utilization, and for
    // Little's law its mean number in system and its throughput.
    std::vector<double> latency_ms, utilization, gaps;
    for (const auto& one : testing::run_each_replication(set)) {
      const auto& server = one.services.front();
      latency_ms.push_back(server.latency.mean_ms);
      utilization.push_back(server.utilization);
      // Little's law, L = lambda W: the differences come only from requests
      // straddling the window's edges and average out.
      gaps.push_back(server.mean_busy + server.mean_queue - server.throughput_rps * server.latency.mean_ms / 1e3);
    }
    const double theory_ms = mmc_response_time(s.lambda, s.mu, s.c) * 1e3;
    const double simulated_ms = reports::mean(latency_ms);
    const double tolerance_ms = reports::mean_ci_half_width(latency_ms, 0.99);
    INFO(fmt::format("lambda={} mu={} c={}: theory {:.4f} ms, simulated {:.4f} ms +- {:.4f} (99% CI)", s.lambda, s.mu,
                     s.c, theory_ms, simulated_ms, tolerance_ms));
    CHECK(std::abs(simulated_ms - theory_ms) <= tolerance_ms);
    CHECK(reports::mean(utilization) == Approx(s.lambda / (s.mu * s.c)).epsilon(0.02));
    INFO("Little: mean L - lambda W = " << reports::mean(gaps) << " +- " << reports::mean_ci_half_width(gaps, 0.99));
    CHECK(std::abs(reports::mean(gaps)) <= reports::mean_ci_half_width(gaps, 0.99) + 1e-9);
  }
}

TEST_CASE("a bounded queue turns away what it cannot hold: M/M/1/K blocking") {
  // M/M/1/K with K = 1 + queue: P(block) = (1 - rho) rho^K / (1 - rho^(K+1)).
  const double lambda = 90, mu = 100;
  const int queue = 3, k = 1 + queue;
  const auto set = testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "mm1k", "seed": 5,
    "duration": "300s", "warmup": "10s", "replications": 10,
    "services": [{{"name": "server", "queue": {}, "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "load", "target": "server", "arrival": {{"process": "poisson", "rate": "{}/s"}}}}]}})",
                                                  queue, lambda));
  const auto v = testing::run_all(set).front();
  const double rho = lambda / mu;
  const double blocking = (1 - rho) * std::pow(rho, k) / (1 - std::pow(rho, k + 1));
  const auto& by_rep = v.clients.front().availability_by_replication;
  std::vector<double> blocked;
  for (double a : by_rep) blocked.push_back(1 - a);
  INFO("theory " << blocking << ", simulated " << reports::mean(blocked));
  CHECK(std::abs(reports::mean(blocked) - blocking) <= reports::mean_ci_half_width(blocked, 0.99));
  CHECK(v.services.front().rejected > 0);
}

TEST_CASE("latency of the accepted: M/M/1/K's successes take W = L / lambda_eff, refusals do not shorten it") {
  // K = 1 + queue; p_n = (1 - rho) rho^n / (1 - rho^(K+1)); L = sum n p_n; the
  // accepted arrive at lambda (1 - p_K) and stay W = L / that (Little).
  const double lambda = 90, mu = 100;
  const int queue = 3, k = 1 + queue;
  const auto set = testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "mm1k", "seed": 6,
    "duration": "300s", "warmup": "10s", "replications": 10,
    "services": [{{"name": "server", "queue": {}, "service_time": {{"dist": "exponential", "mean": "10ms"}}}}],
    "clients": [{{"name": "load", "target": "server", "arrival": {{"process": "poisson", "rate": "{}/s"}}}}]}})",
                                                  queue, lambda));
  const double rho = lambda / mu;
  const auto p = [&](int n) { return (1 - rho) * std::pow(rho, n) / (1 - std::pow(rho, k + 1)); };
  double l = 0;
  for (int n = 0; n <= k; ++n) l += n * p(n);
  const double w_ms = l / (lambda * (1 - p(k))) * 1e3;
  std::vector<double> success_ms, all_ms;
  for (const auto& one : testing::run_each_replication(set)) {
    REQUIRE(one.clients.front().success_latency);
    success_ms.push_back(one.clients.front().success_latency->mean_ms);
    all_ms.push_back(one.clients.front().latency.mean_ms);
  }
  INFO(fmt::format("W {:.4f} ms, successes {:.4f} +- {:.4f} ms (99% CI), every answer {:.4f} ms", w_ms,
                   reports::mean(success_ms), reports::mean_ci_half_width(success_ms, 0.99), reports::mean(all_ms)));
  CHECK(std::abs(reports::mean(success_ms) - w_ms) <= reports::mean_ci_half_width(success_ms, 0.99));
  // Every answer, refusals (answered at once) included, is W x (1 - p_K).
  CHECK(std::abs(reports::mean(all_ms) - w_ms * (1 - p(k))) <= reports::mean_ci_half_width(all_ms, 0.99));
}

TEST_CASE("latency of the accepted: an Erlang B loss system's successes take the service time, not 0.8 of it") {
  // M/M/c/c: c = 5 slots, 4 Erlang offered; a call is served at once or refused.
  const int c = 5;
  const double lambda = 40, service_ms = 100;
  const auto set = testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "loss", "seed": 4,
    "duration": "200s", "warmup": "10s", "replications": 10,
    "services": [{{"name": "server", "workers": {}, "queue": 0, "service_time": {{"dist": "exponential", "mean": "{}ms"}}}}],
    "clients": [{{"name": "load", "target": "server", "arrival": {{"process": "poisson", "rate": "{}/s"}}}}]}})",
                                                  c, service_ms, lambda));
  std::vector<double> success_ms, failure_ms;
  for (const auto& one : testing::run_each_replication(set)) {
    success_ms.push_back(one.clients.front().success_latency->mean_ms);
    REQUIRE(one.clients.front().failure_latency);
    failure_ms.push_back(one.clients.front().failure_latency->max_ms);
  }
  INFO(fmt::format("successes {:.3f} +- {:.3f} ms (99% CI)", reports::mean(success_ms),
                   reports::mean_ci_half_width(success_ms, 0.99)));
  CHECK(std::abs(reports::mean(success_ms) - service_ms) <= reports::mean_ci_half_width(success_ms, 0.99));
  for (double max : failure_ms) CHECK(max < 0.001);  // refused at once (no network latency here)
}
