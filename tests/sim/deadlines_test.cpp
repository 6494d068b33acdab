// Deadline propagation and cancellation. Deterministic timelines (a burst
// into one worker of constant service time, no network delay) are checked
// exactly; M/M/1 whose callers give up after a fixed time and cancel is
// M/M/1+D (Barrer): its virtual waiting time V has an atom pi0 at 0, the
// density pi0 lambda e^-(mu - lambda) v below the patience T and
// pi0 lambda e^-(mu - lambda) T e^-mu (v - T) above it. An arrival is dropped
// from the queue when V >= T, with probability rho pi0 e^-(mu - lambda) T;
// it is stopped in service (started before T, not done by then) with
// probability pi0 e^-(mu - lambda) T. Those figures are held within the 99%
// Student-t interval of the replications' means.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// A burst of 10 requests at 0.5 s into one worker of 1 s; the client gives up after 2.5 s.
std::string burst_into_one_worker(bool cancel) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "burst", "duration": "20s", "warmup": "0s",
    "network": {{"latency": "0ms"}},
    "services": [{{"name": "s", "workers": 1, "service_time": {{"dist": "constant", "value": "1s"}}}}],
    "pipelines": {{"give-up": {{"timeout": {{"after": "2.5s"}}}}}},
    "clients": [{{"name": "c", "target": "s", "pipeline": "give-up", "cancel_on_timeout": {},
                 "arrival": {{"process": "constant", "rate": "0.01/s", "bursts": [{{"at": "0.5s", "requests": 10}}]}}}}]}})",
                     cancel);
}

// The same burst through a front that calls the worker; the client's deadline is 2.5 s.
std::string burst_through_front(bool propagate) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "chain", "duration": "20s", "warmup": "0s",
    "network": {{"latency": "0ms"}},
    "services": [
      {{"name": "front", "workers": 100, "service_time": {{"dist": "constant", "value": "1ms"}},
       "calls": [{{"service": "back", "propagate_deadline": {0}}}]}},
      {{"name": "back", "workers": 1, "service_time": {{"dist": "constant", "value": "1s"}}}}],
    "clients": [{{"name": "c", "target": "front", "deadline": "2.5s", "propagate_deadline": {0},
                 "arrival": {{"process": "constant", "rate": "0.01/s", "bursts": [{{"at": "0.5s", "requests": 10}}]}}}}]}})",
                     propagate);
}

}  // namespace

TEST_CASE("a cancelled request frees its queue slot: the callee serves fewer by the cancelled count") {
  const auto with = testing::run_all(testing::load_text(burst_into_one_worker(true)))[0];
  const auto without = testing::run_all(testing::load_text(burst_into_one_worker(false)))[0];
  // Two are served by 2.5 s; at 3.0 s the third is in service, seven wait.
  const auto& s = with.services[0];
  CHECK(s.requests == 10);
  CHECK(s.successes == 2);
  CHECK(s.cancelled == 8);  // seven dropped from the queue, the third stopped when its work ends
  CHECK(s.wasted == 1);     // the third: its 1 s of work was for nobody
  CHECK(s.wasted_busy == Approx(1.0 / 20));
  CHECK(with.edges[0].cancelled == 8);
  CHECK(with.clients[0].successes == 2);

  const auto& u = without.services[0];
  CHECK(u.successes == 10);
  CHECK(u.cancelled == 0);
  CHECK(u.successes - s.successes == s.cancelled);
  CHECK(u.wasted == 8);  // every one finished after 3.0 s
  CHECK(u.wasted_busy == Approx(8.0 / 20));
  CHECK(without.edges[0].cancelled == 0);
  CHECK(without.clients[0].successes == 2);
}

TEST_CASE("a propagated deadline drops the callee's work past it, and ends the calls waiting on it") {
  const auto with = testing::run_all(testing::load_text(burst_through_front(true)))[0];
  const auto& front = with.services[0];
  const auto& back = with.services[1];
  // back serves 0.501-1.501 and 1.501-2.501; the deadline is 3.0 s. The
  // third, in service since 2.501, is dropped when its work ends, past it,
  // and the seven behind it when they come up.
  CHECK(back.successes == 2);
  CHECK(back.expired == 8);
  CHECK(back.wasted == 1);  // the third's second of work was for nobody
  // front's calls end at the deadline, and so do the requests waiting on them.
  CHECK(with.edges[1].expired == 8);
  CHECK(front.expired == 8);
  CHECK(front.successes == 2);
  CHECK(with.clients[0].successes == 2);
  CHECK(with.clients[0].failures == 8);

  const auto without = testing::run_all(testing::load_text(burst_through_front(false)))[0];
  CHECK(without.services[1].successes == 10);
  CHECK(without.services[1].expired == 0);
  // front waits for every answer: back's work is wasted only in that front's
  // own answers, after the client's deadline, reach nobody.
  CHECK(without.services[1].wasted == 0);
  CHECK(without.services[0].wasted == 8);
  CHECK(without.edges[1].expired == 0);
  CHECK(without.clients[0].successes == 2);
}

TEST_CASE("a quorum reached cancels the calls still out: the callee stops them") {
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "q", "seed": 5,
    "duration": "50s", "warmup": "0s", "network": {"latency": "0ms"},
    "services": [
      {"name": "front", "workers": 10000, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"service": "back", "repeat": 3, "parallel": true, "quorum": 1, "cancel_on_timeout": true}]},
      {"name": "back", "workers": 10000, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "front", "arrival": {"process": "poisson",
                 "profile": {"interpolation": "step", "points": [{"at": "0s", "rate": "200/s"}, {"at": "45s", "rate": "0/s"}]}}}]})"))[0];
  const auto& front = v.services[0];
  const auto& back = v.services[1];
  // Each request's three calls start together: the first to finish wins, the
  // two others are stopped when their work ends. The load stops 5 s before the run.
  CHECK(front.requests > 8000);
  CHECK(front.successes == front.requests);
  CHECK(back.successes == front.successes);
  CHECK(back.cancelled == 2 * front.successes);
  CHECK(v.edges[1].cancelled == back.cancelled);
  CHECK(back.wasted == back.cancelled);
}

TEST_CASE("M/M/1 whose callers give up after T and cancel is M/M/1+D") {
  const double lambda = 90, mu = 100, patience = 0.02;
  const auto set = testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "mm1d", "seed": 17,
    "duration": "220s", "warmup": "20s", "replications": 10, "network": {{"latency": "0ms"}},
    "services": [{{"name": "s", "workers": 1, "service_time": {{"dist": "exponential", "mean": "{}ms"}}}}],
    "pipelines": {{"give-up": {{"timeout": {{"after": "{}ms"}}}}}},
    "clients": [{{"name": "c", "target": "s", "pipeline": "give-up", "cancel_on_timeout": true,
                 "arrival": {{"process": "poisson", "rate": "{}/s"}}}}]}})",
                                                  1000 / mu, patience * 1000, lambda));
  const double rho = lambda / mu, decay = std::exp(-(mu - lambda) * patience);
  const double pi0 = 1 / (1 + lambda * (1 - decay) / (mu - lambda) + rho * decay);
  const double dropped_queued = rho * pi0 * decay, stopped = pi0 * decay;
  std::vector<double> queued_share, stopped_share, utilization;
  for (const auto& r : testing::run_each_replication(set)) {
    const auto& s = r.services[0];
    const double n = static_cast<double>(s.requests);
    queued_share.push_back(static_cast<double>(s.cancelled - s.wasted) / n);  // the stopped are both cancelled and wasted
    stopped_share.push_back(static_cast<double>(s.wasted) / n);
    utilization.push_back(s.utilization);
  }
  testing::check_within_ci99(queued_share, dropped_queued);
  testing::check_within_ci99(stopped_share, stopped);
  testing::check_within_ci99(utilization, 1 - pi0);  // = rho (1 - dropped_queued): the work of those let in
}

TEST_CASE("deadline options are booleans, on calls and clients") {
  const auto loaded = scenarios::load_scenario_text(R"({"schema": "chaossim/scenario/v1", "name": "x", "duration": "10s",
    "services": [{"name": "s", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "t", "cancel_on_timeout": "yes"}]},
                 {"name": "t", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "s", "propagate_deadline": 1, "arrival": {"process": "poisson", "rate": "1/s"}}]})",
                                                    "x.json");
  REQUIRE(loaded.errors.size() == 2);
  CHECK(loaded.errors[0].format().find("services[0].calls[0].cancel_on_timeout") != std::string::npos);
  CHECK(loaded.errors[1].format().find("clients[0].propagate_deadline") != std::string::npos);
}

TEST_CASE("the deadline-storm example: dropping the work nobody waits for ends the storm") {
  const auto set = *scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/deadline-storm.json").scenarios;
  const auto runs = testing::run_all(set);
  REQUIRE(runs.size() == 4);  // base, deadline-only, cancel-only, neither
  const auto wasted_share = [](const reports::VariantSummary& v) { return v.services[1].wasted_busy / v.services[1].mean_busy; };
  for (std::size_t k = 0; k < 3; ++k) {
    INFO("variant " << runs[k].variant);
    CHECK(runs[k].faults[0].recover_s.has_value());
    CHECK(wasted_share(runs[k]) < 0.25);
    CHECK(runs[k].clients[0].availability > 0.85);
  }
  const auto& neither = runs[3];
  CHECK_FALSE(neither.faults[0].recover_s.has_value());  // the storm outlives the slowdown
  CHECK(wasted_share(neither) > 0.75);
  CHECK(neither.services[1].expired == 0);
  CHECK(neither.services[1].cancelled == 0);
  CHECK(runs[0].services[1].cancelled > 0);
  CHECK(runs[1].services[1].cancelled == 0);
  CHECK(runs[1].services[1].expired > 0);
}
