#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <stdexcept>
#include <ctime>
#include <thread>

#include "sim/scenario_tester.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

const char* guarded = R"({
  "schema": "chaossim/scenario/v1", "name": "guarded", "seed": 3, "duration": "5s", "bucket": "1s",
  "services": [{"name": "api", "instances": 1, "workers": 4, "service_time": {"dist": "exponential", "mean": "5ms"}}],
  "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "100/s"}}],
  "pipelines": {"p": {"circuit_breaker": {"window": {"kind": "count", "size": 10}, "minimum_calls": 5}}}
})";

// The reference breaker, counting its permits; optionally slow to answer:
// sleeping for stall_s, or busy for -stall_s.
class CountingBreaker final : public patterns::CircuitBreaker {
 public:
  CountingBreaker(const patterns::CircuitBreakerConfig& c, int& permits, double stall_s)
      : inner_(c), permits_(permits), stall_s_(stall_s) {}
  bool try_acquire(double now) override {
    if (stall_s_ > 0) std::this_thread::sleep_for(std::chrono::duration<double>(stall_s_));
    for (const std::clock_t end = std::clock() + static_cast<std::clock_t>(-stall_s_ * CLOCKS_PER_SEC); std::clock() < end;) {
    }
    ++permits_;
    return inner_.try_acquire(now);
  }
  void on_success(double now, double latency_s) override { inner_.on_success(now, latency_s); }
  void on_failure(double now, double latency_s) override { inner_.on_failure(now, latency_s); }
  patterns::CircuitState state(double now) override { return inner_.state(now); }

 private:
  patterns::ReferenceCircuitBreaker inner_;
  int& permits_;
  double stall_s_;
};

class CountingSource final : public sim::PatternSource, patterns::ReferencePatternFactory {
 public:
  explicit CountingSource(double stall_s) : stall_s_(stall_s) {}
  patterns::PatternFactory& factory() override { return *this; }
  std::string finish() override { return std::to_string(permits_); }
  std::unique_ptr<patterns::CircuitBreaker> circuit_breaker(const patterns::CircuitBreakerConfig& c) override {
    return std::make_unique<CountingBreaker>(c, permits_, stall_s_);
  }

 private:
  int permits_ = 0;
  double stall_s_;
};

}  // namespace

TEST_CASE("a run plays the patterns of its pattern source, and the source's note comes back") {
  const auto set = testing::load_text(guarded);
  const std::vector<const scenarios::Scenario*> chosen{&set.base};
  const auto reference = sim::ResilienceScenarioTester(2).run(chosen, 2, 9);
  sim::ResilienceScenarioTester tester(2);
  tester.use_patterns([](const scenarios::Scenario&, int) { return std::make_unique<CountingSource>(0); });
  const auto counted = tester.run(chosen, 2, 9);
  for (int r = 0; r < 2; ++r) {
    // The same decisions as the reference's, so the same bytes.
    CHECK(sim::encode(counted[0][r]) == sim::encode(reference[0][r]));
    // About 100 requests a second for 5 s, each asking the breaker once.
    const int permits = std::stoi(tester.notes()[0][r]);
    CHECK(permits > 400);
    CHECK(permits < 600);
  }
}

TEST_CASE("a breaker without events, asked its state, moves the circuit exactly as the reference's events do") {
  // Half the calls fail: the breaker opens, half-opens and closes again many
  // times. CountingBreaker offers no events, so the stage polls it.
  const auto set = testing::load_text(R"({
    "schema": "chaossim/scenario/v1", "name": "flaky", "seed": 4, "duration": "20s", "bucket": "1s",
    "services": [{"name": "api", "workers": 8, "errors": 0.5, "service_time": {"dist": "exponential", "mean": "5ms"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "pipelines": {"p": {"circuit_breaker": {"window": {"kind": "count", "size": 10}, "minimum_calls": 5,
                                            "open_for": "300ms", "half_open_calls": 3}}}})");
  const std::vector<const scenarios::Scenario*> chosen{&set.base};
  const auto evented = sim::ResilienceScenarioTester(2).run(chosen, 1, 9);
  sim::ResilienceScenarioTester tester(2);
  tester.use_patterns([](const scenarios::Scenario&, int) { return std::make_unique<CountingSource>(0); });
  const auto polled = tester.run(chosen, 1, 9);
  CHECK(sim::encode(polled[0][0]) == sim::encode(evented[0][0]));
  const auto v = reports::summarize(set.base, evented[0]);
  CHECK(v.edges[0].circuit_open_s > 1);  // the circuit did open, often
  CHECK(v.edges[0].circuit_open_s < 19);
}

TEST_CASE("a run past its wall-clock limit is stopped and reported") {
  const auto set = testing::load_text(guarded);
  sim::ResilienceScenarioTester tester(1);
  tester.use_patterns([](const scenarios::Scenario&, int) { return std::make_unique<CountingSource>(1.0); });
  tester.limit_wall_time(0.5);
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(tester.run({&set.base}, 1, 9), sim::RunTimedOut);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("a run past its CPU-time limit is stopped and reported") {
  const auto set = testing::load_text(guarded);
  sim::ResilienceScenarioTester tester(1);
  tester.use_patterns([](const scenarios::Scenario&, int) { return std::make_unique<CountingSource>(-0.5); });
  tester.limit_cpu_time(1);
  CHECK_THROWS_WITH(tester.run({&set.base}, 1, 9), Catch::Contains("used more than 1 s of CPU time"));
}

TEST_CASE("run_each hands each scenario over as its replications end, holds only those under way, and goes on past a failure") {
  // Twelve points of a sweep: scenario 5's pattern source throws in its child.
  auto set = testing::load_text(guarded);
  std::vector<scenarios::Scenario> points(12, set.base);
  for (std::size_t i = 0; i < points.size(); ++i) points[i].variant = "p" + std::to_string(i);
  sim::ResilienceScenarioTester tester(2);
  tester.use_patterns([](const scenarios::Scenario& s, int) -> std::unique_ptr<sim::PatternSource> {
    if (s.variant == "p5") throw std::runtime_error("this point cannot be played");
    return std::make_unique<CountingSource>(0);
  });
  std::size_t asked = 0, most_under_way = 0;
  std::set<std::size_t> under_way, handed;
  std::vector<std::string> errors(points.size());
  const auto reference = sim::ResilienceScenarioTester(1).run({&points[0]}, 2, 9);  // reference patterns: the same decisions
  tester.run_each(
      points.size(),
      [&](std::size_t s) -> const scenarios::Scenario& {
        CHECK(s == asked++);  // asked for in order, once each
        under_way.insert(s);
        most_under_way = std::max(most_under_way, under_way.size());
        return points[s];
      },
      2, 9,
      [&](std::size_t s, std::vector<sim::ReplicationResult> runs, const std::string& error) {
        CHECK(handed.insert(s).second);
        under_way.erase(s);
        errors[s] = error;
        if (error.empty()) {
          REQUIRE(runs.size() == 2);
          // Every point ran on the same seeds as the reference (they differ only in their name).
          const auto mine = reports::summarize(points[s], runs).clients[0];
          const auto theirs = reports::summarize(points[0], reference[0]).clients[0];
          CHECK(mine.requests == theirs.requests);
          CHECK(mine.availability == theirs.availability);
        } else {
          CHECK(runs.empty());
        }
      });
  CHECK(handed.size() == points.size());
  CHECK(asked == points.size());
  // Two jobs, two replications a point: never more than two points at once (a third as one ends).
  CHECK(most_under_way <= 3);
  CHECK_THAT(errors[5], Catch::Contains("this point cannot be played") && Catch::Contains("variant \"p5\""));
  for (std::size_t s = 0; s < points.size(); ++s)
    if (s != 5) CHECK(errors[s].empty());
}
