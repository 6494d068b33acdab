// The concurrency workloads in the grader's own process, with the reference
// patterns behind a lock (they must pass) and with patterns broken only when
// called from a thread other than the one that made them: a bug that
// depends on the thread and not on timing, so every run finds it.
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "patterns/factory.hpp"
#include "tools/grading/concurrency_workload.hpp"

using namespace chaossim::grading;
using namespace chaossim::patterns;

namespace {

// Every call under one lock, with a flaw that shows only on another thread.
class Flawed {
 protected:
  bool other_thread() const { return std::this_thread::get_id() != made_by_; }
  std::mutex mutex_;

 private:
  std::thread::id made_by_ = std::this_thread::get_id();
};

class LockedBulkhead : public Bulkhead, protected Flawed {
 public:
  LockedBulkhead(const BulkheadConfig& c, bool leaks) : inner_(c), leaks_(leaks) {}
  Admission try_enter(double now) override {
    std::lock_guard lock(mutex_);
    return inner_.try_enter(now);
  }
  bool on_leave(double now) override {
    std::lock_guard lock(mutex_);
    if (leaks_ && other_thread()) return false;  // the permit is never given back
    return inner_.on_leave(now);
  }
  void on_give_up(double now) override {
    std::lock_guard lock(mutex_);
    inner_.on_give_up(now);
  }

 private:
  ReferenceBulkhead inner_;
  bool leaks_;
};

class LockedBreaker : public CircuitBreaker, protected Flawed {
 public:
  LockedBreaker(const CircuitBreakerConfig& c, bool probes_everyone) : inner_(c), probes_everyone_(probes_everyone) {}
  bool try_acquire(double now) override {
    std::lock_guard lock(mutex_);
    const bool granted = inner_.try_acquire(now);
    // Half-open, other threads probe whatever the count says.
    return granted || (probes_everyone_ && other_thread() && inner_.state(now) == CircuitState::half_open);
  }
  void on_success(double now, double latency_s) override {
    std::lock_guard lock(mutex_);
    inner_.on_success(now, latency_s);
  }
  void on_failure(double now, double latency_s) override {
    std::lock_guard lock(mutex_);
    inner_.on_failure(now, latency_s);
  }
  CircuitState state(double now) override {
    std::lock_guard lock(mutex_);
    return inner_.state(now);
  }

 private:
  ReferenceCircuitBreaker inner_;
  bool probes_everyone_;
};

class LockedBudget : public RetryBudget, protected Flawed {
 public:
  LockedBudget(const RetryBudgetConfig& c, bool doubles) : inner_(c), doubles_(doubles) {}
  void on_request(double now) override {
    std::lock_guard lock(mutex_);
    inner_.on_request(now);
    if (doubles_ && other_thread()) inner_.on_request(now);  // counted twice
  }
  bool try_withdraw(double now) override {
    std::lock_guard lock(mutex_);
    return inner_.try_withdraw(now);
  }

 private:
  ReferenceRetryBudget inner_;
  bool doubles_;
};

class Factory final : public PatternFactory {
 public:
  explicit Factory(bool flawed) : flawed_(flawed) {}
  std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig& c) override { return std::make_unique<LockedBulkhead>(c, flawed_); }
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig& c) override {
    return std::make_unique<LockedBreaker>(c, flawed_);
  }
  std::unique_ptr<RetryBudget> retry_budget(const RetryBudgetConfig& c) override {
    return std::make_unique<LockedBudget>(c, flawed_);
  }

 private:
  bool flawed_;
};

const json bulkhead_json{{"max_concurrent", 3}, {"max_queue", 0}, {"max_wait_s", 1.0}};
const json breaker_json{{"window_kind", "count"}, {"window_size", 20}, {"window_s", 60.0}, {"failure_rate", 0.5},
                          {"slow_call_rate", 1.0}, {"slow_call_duration_s", 60.0}, {"minimum_calls", 10},
                          {"open_for_s", 5.0}, {"open_multiplier", 1.0}, {"open_max_s", 5.0}, {"half_open_calls", 2}};
const json budget_json{{"ratio", 0.2}, {"min_per_second", 1.0}};

std::string first_example(const json& result) {
  return result["examples"].empty() ? std::string() : result["examples"][0].get<std::string>();
}

}  // namespace

TEST_CASE("the reference patterns behind a lock keep every invariant with 8 threads at once") {
  Factory locked(false);
  const std::vector<std::pair<StudentPattern, json>> runs{{StudentPattern::bulkhead, bulkhead_json},
                                                         {StudentPattern::circuit_breaker, breaker_json},
                                                         {StudentPattern::retry_budget, budget_json}};
  for (const auto& [pattern, config] : runs) {
    const json result = run_concurrently(locked, {pattern, config, 8, 100});
    INFO(name_of(pattern) << ": " << result.dump());
    CHECK(result["violations"] == 0);
    CHECK(result["rounds"] == 100);
  }
}

TEST_CASE("a bulkhead that loses permits released on other threads is found leaking") {
  Factory flawed(true);
  const json result = run_concurrently(flawed, {StudentPattern::bulkhead, bulkhead_json, 8, 50});
  CHECK(result["violations"].get<int>() > 0);
  CHECK_THAT(first_example(result), Catch::Contains("after every caller had left, it admitted only") &&
                                        Catch::Contains("leaked"));
}

TEST_CASE("a breaker that lets other threads probe whatever its count says is found letting too many probes out") {
  Factory flawed(true);
  const json result = run_concurrently(flawed, {StudentPattern::circuit_breaker, breaker_json, 8, 20});
  CHECK(result["violations"] == 20);
  CHECK_THAT(first_example(result), Catch::Contains("when it turned half-open, 8 threads asked at once and it let") &&
                                        Catch::Contains("one at a time it lets 2 (half_open_calls 2)"));
}

TEST_CASE("a retry budget that counts other threads' requests twice is found granting more than its budget") {
  Factory flawed(true);
  const json result = run_concurrently(flawed, {StudentPattern::retry_budget, budget_json, 8, 20});
  CHECK(result["violations"] == 20);
  CHECK_THAT(first_example(result), Catch::Contains("128 requests from 8 threads") &&
                                        Catch::Contains("it let more retries out than its budget"));
}

TEST_CASE("an exception thrown on a worker thread is a finding, and the other threads still finish the run") {
  class Throws final : public PatternFactory {
    std::unique_ptr<RetryBudget> retry_budget(const RetryBudgetConfig& c) override {
      class Budget final : public RetryBudget {
       public:
        explicit Budget(const RetryBudgetConfig& c) : inner_(c) {}
        void on_request(double now) override {
          std::lock_guard lock(mutex_);
          inner_.on_request(now);
        }
        bool try_withdraw(double now) override {
          std::lock_guard lock(mutex_);
          if (std::this_thread::get_id() != made_by_) throw std::runtime_error("budget exhausted");
          return inner_.try_withdraw(now);
        }

       private:
        std::mutex mutex_;
        ReferenceRetryBudget inner_;
        std::thread::id made_by_ = std::this_thread::get_id();
      };
      return std::make_unique<Budget>(c);
    }
  } factory;
  const json result = run_concurrently(factory, {StudentPattern::retry_budget, budget_json, 4, 5});
  CHECK(result["violations"] == 5);
  CHECK_THAT(first_example(result), Catch::Contains("threw: budget exhausted"));
}

TEST_CASE("a concurrency run it cannot make is refused with the reason") {
  Factory locked(false);
  CHECK_THROWS_WITH(run_concurrently(locked, {StudentPattern::bulkhead,
                                              {{"max_concurrent", 3}, {"max_queue", 2}, {"max_wait_s", 1.0}}, 8, 10}),
                    Catch::Contains("needs max_queue 0"));
  CHECK_THROWS_WITH(run_concurrently(locked, {StudentPattern::cache, {{"capacity", 10}}, 8, 10}),
                    Catch::Contains("no concurrency workload for cache"));
  CHECK_THROWS_WITH(run_concurrently(locked, {StudentPattern::bulkhead, bulkhead_json, 1, 10}),
                    Catch::Contains("2 threads"));
}
