#include "tools/grading/concurrency_workload.hpp"

#include <atomic>
#include <barrier>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tools/grading/schedule_noise.hpp"

namespace chaossim::grading {
namespace {

using namespace chaossim::patterns;

// One schedule: start_round and end_round run on one thread, between
// barriers; each phase runs on every thread at once.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual int phases() const = 0;
  virtual void start_round() = 0;
  virtual void phase(int phase, int thread) = 0;
  // What the round broke, in words, if anything.
  virtual std::optional<std::string> end_round() = 0;
};

// Lets the other threads run while a caller holds what it was given, so
// that calls overlap even on a machine with fewer cores than threads.
void hold_briefly() {
  for (int i = 0; i < 4; ++i) std::this_thread::yield();
}

template <typename T>
std::unique_ptr<T> made(std::unique_ptr<T> instance) {
  if (!instance) throw std::logic_error("the factory returned nullptr");
  return instance;
}

std::string calls(long n) { return std::to_string(n) + (n == 1 ? " call" : " calls"); }

// Admission and release without a queue: waiting callers need the caller's
// own queue to be handed a permit, which is the simulator's part.
class BulkheadWorkload final : public Workload {
 public:
  BulkheadWorkload(PatternFactory& factory, const json& config) : factory_(factory) {
    config_ = bulkhead_config(config);
    if (config_.max_queue != 0)
      throw std::invalid_argument("the bulkhead's concurrency workload needs max_queue 0 (a waiting caller is handed its "
                                  "permit by the caller's queue, which is not the pattern's)");
    // One at a time on a fresh instance: how many enter before the first refusal.
    auto fresh = made(factory_.bulkhead(config_));
    while (permits_ <= config_.max_concurrent && fresh->try_enter(now) == Admission::admitted) ++permits_;
  }

  int phases() const override { return 1; }

  void start_round() override {
    bulkhead_ = made(factory_.bulkhead(config_));
    holders_ = most_holders_ = waits_ = handovers_ = 0;
  }

  void phase(int, int) override {
    for (int i = 0; i < calls_per_thread; ++i) {
      const Admission answer = bulkhead_->try_enter(now);
      if (answer == Admission::must_wait) ++waits_;
      if (answer != Admission::admitted) continue;
      const int holding = ++holders_;
      for (int seen = most_holders_.load(); holding > seen && !most_holders_.compare_exchange_weak(seen, holding);) {
      }
      hold_briefly();
      --holders_;
      if (bulkhead_->on_leave(now)) ++handovers_;
    }
  }

  std::optional<std::string> end_round() override {
    if (most_holders_ > permits_)
      return std::to_string(most_holders_.load()) + " callers held a permit at once; one at a time, your bulkhead admits " +
             std::to_string(permits_) + " (max_concurrent " + std::to_string(config_.max_concurrent) + ")";
    if (waits_ > 0) return "it told " + calls(waits_) + " to wait, with max_queue 0";
    if (handovers_ > 0)
      return "on_leave handed a permit to a waiting caller " + std::to_string(handovers_.load()) +
             " times, but nobody was waiting (max_queue 0)";
    // Every caller has left: a correct bulkhead is as it was when made.
    int admitted = 0;
    while (admitted <= permits_ && bulkhead_->try_enter(now) == Admission::admitted) ++admitted;
    if (admitted < permits_)
      return "after every caller had left, it admitted only " + std::to_string(admitted) + " of its " + std::to_string(permits_) +
             " permits: " + std::to_string(permits_ - admitted) + " leaked";
    if (admitted > permits_)
      return "after every caller had left, it admitted more than its " + std::to_string(permits_) +
             " permits: releases were counted twice";
    return std::nullopt;
  }

 private:
  static constexpr double now = 1.0;
  static constexpr int calls_per_thread = 4;
  PatternFactory& factory_;
  BulkheadConfig config_;
  int permits_ = 0;
  std::unique_ptr<Bulkhead> bulkhead_;
  std::atomic<int> holders_{0}, most_holders_{0}, waits_{0}, handovers_{0};
};

// Closed and failing until it opens, then every thread asks at once when
// it turns half-open, then the probes succeed.
class CircuitBreakerWorkload final : public Workload {
 public:
  CircuitBreakerWorkload(PatternFactory& factory, const json& config, int threads) : factory_(factory), threads_(threads) {
    config_ = circuit_breaker_config(config);
    half_open_at_ = opened_at + config_.open_for_s + 1e-3;
    cap_ = 2 * (std::max(config_.window_size, config_.minimum_calls) + threads_);
    auto fresh = made(factory_.circuit_breaker(config_));
    while (failures_to_open_ < cap_ && fresh->try_acquire(opened_at)) {
      fresh->on_failure(opened_at, latency_s);
      ++failures_to_open_;
    }
    if (failures_to_open_ == cap_)
      throw std::invalid_argument("your breaker did not open after " + calls(cap_) +
                                  " in a row failed, so its concurrency test cannot run");
    state_when_open_ = fresh->state(opened_at);
    for (int t = 0; t < threads_; ++t) probes_ += fresh->try_acquire(half_open_at_) ? 1 : 0;
    for (int p = 0; p < probes_; ++p) fresh->on_success(half_open_at_, latency_s);
    state_after_probes_ = fresh->state(half_open_at_);
  }

  // The failures; its state read alone (a read beside half-open asks would
  // move `now` backwards); everyone asking at half-open; the probes' reports.
  int phases() const override { return 4; }

  void start_round() override {
    breaker_ = made(factory_.circuit_breaker(config_));
    let_through_ = probes_out_ = 0;
    probing_.assign(static_cast<std::size_t>(threads_), 0);
  }

  void phase(int phase, int thread) override {
    if (phase == 0) {
      for (int i = 0; i < failures_to_open_ + 1; ++i) {
        (void)breaker_->state(opened_at);
        if (!breaker_->try_acquire(opened_at)) break;
        ++let_through_;
        breaker_->on_failure(opened_at, latency_s);
      }
    } else if (phase == 1) {
      if (thread == 0) state_seen_ = breaker_->state(opened_at);
    } else if (phase == 2) {
      // Everyone asks at once the moment it may turn half-open.
      if (breaker_->try_acquire(half_open_at_)) {
        probing_[static_cast<std::size_t>(thread)] = 1;
        ++probes_out_;
      }
    } else {
      if (probing_[static_cast<std::size_t>(thread)]) breaker_->on_success(half_open_at_, latency_s);
      else (void)breaker_->state(half_open_at_);
    }
  }

  std::optional<std::string> end_round() override {
    const long through = let_through_, most = failures_to_open_ + threads_ - 1;
    if (through > most)
      return "it let " + calls(through) + " through before it opened; one at a time it opens after " +
             std::to_string(failures_to_open_) + " failures, and at most " + std::to_string(threads_ - 1) +
             " more can be in flight as it opens: failures were lost";
    if (through < failures_to_open_)
      return "it opened after " + std::to_string(through) + " failures; one at a time it takes " +
             std::to_string(failures_to_open_);
    if (state_seen_ != state_when_open_)
      return "after the failures its state was \"" + std::string(circuit_state_name(state_seen_)) +
             "\"; one at a time it is \"" + std::string(circuit_state_name(state_when_open_)) + "\"";
    if (probes_out_ != probes_)
      return "when it turned half-open, " + std::to_string(threads_) + " threads asked at once and it let " +
             std::to_string(probes_out_.load()) + " probes through; one at a time it lets " + std::to_string(probes_) +
             " (half_open_calls " + std::to_string(config_.half_open_calls) + ")";
    if (const CircuitState state = breaker_->state(half_open_at_); state != state_after_probes_)
      return "after its " + std::to_string(probes_) + " probes succeeded its state was \"" +
             std::string(circuit_state_name(state)) + "\"; one at a time it is \"" +
             std::string(circuit_state_name(state_after_probes_)) + "\"";
    return std::nullopt;
  }

 private:
  static constexpr double opened_at = 1.0, latency_s = 1e-3;
  PatternFactory& factory_;
  int threads_;
  CircuitBreakerConfig config_;
  double half_open_at_ = 0;
  int cap_ = 0, failures_to_open_ = 0, probes_ = 0;
  CircuitState state_when_open_ = CircuitState::open, state_after_probes_ = CircuitState::closed;
  std::unique_ptr<CircuitBreaker> breaker_;
  std::atomic<long> let_through_{0};
  std::atomic<int> probes_out_{0};
  CircuitState state_seen_ = CircuitState::closed;
  std::vector<char> probing_;  // one slot per thread, each written by its own
};

// Requests from every thread, then retries from every thread until it
// refuses them.
class RetryBudgetWorkload final : public Workload {
 public:
  RetryBudgetWorkload(PatternFactory& factory, const json& config, int threads) : factory_(factory), threads_(threads) {
    config_ = retry_budget_config(config);
    allowance_ = config_.ratio * requests_per_thread * threads_ + config_.min_per_second * 10;
    withdrawals_per_thread_ = static_cast<int>(allowance_ / threads_) + 4;
    auto fresh = made(factory_.retry_budget(config_));
    for (int i = 0; i < requests_per_thread * threads_; ++i) fresh->on_request(now);
    for (int i = 0; i < withdrawals_per_thread_ * threads_; ++i) granted_one_at_a_time_ += fresh->try_withdraw(now) ? 1 : 0;
  }

  int phases() const override { return 2; }

  void start_round() override {
    budget_ = made(factory_.retry_budget(config_));
    granted_ = 0;
  }

  void phase(int phase, int) override {
    if (phase == 0) {
      for (int i = 0; i < requests_per_thread; ++i) budget_->on_request(now);
    } else {
      for (int i = 0; i < withdrawals_per_thread_; ++i)
        if (budget_->try_withdraw(now)) ++granted_;
    }
  }

  std::optional<std::string> end_round() override {
    if (granted_ == granted_one_at_a_time_) return std::nullopt;
    const std::string counts = std::to_string(requests_per_thread * threads_) + " requests from " +
                               std::to_string(threads_) + " threads, then " +
                               std::to_string(withdrawals_per_thread_ * threads_) + " retries asked for: it granted " +
                               std::to_string(granted_.load()) + "; one at a time it grants " +
                               std::to_string(granted_one_at_a_time_);
    if (granted_ > granted_one_at_a_time_)
      return counts + " (ratio x requests + min_per_second x 10 = " + json(allowance_).dump() +
             "): it let more retries out than its budget";
    return counts + ": requests or withdrawals were lost";
  }

 private:
  static constexpr double now = 1.0;
  static constexpr int requests_per_thread = 16;
  PatternFactory& factory_;
  int threads_;
  RetryBudgetConfig config_;
  double allowance_ = 0;
  int withdrawals_per_thread_ = 0;
  int granted_one_at_a_time_ = 0;
  std::unique_ptr<RetryBudget> budget_;
  std::atomic<int> granted_{0};
};

std::unique_ptr<Workload> workload_for(PatternFactory& factory, const ConcurrencyRun& run) {
  switch (run.pattern) {
    case StudentPattern::bulkhead: return std::make_unique<BulkheadWorkload>(factory, run.config);
    case StudentPattern::circuit_breaker: return std::make_unique<CircuitBreakerWorkload>(factory, run.config, run.threads);
    case StudentPattern::retry_budget: return std::make_unique<RetryBudgetWorkload>(factory, run.config, run.threads);
    default: break;
  }
  throw std::invalid_argument("no concurrency workload for " + std::string(name_of(run.pattern)));
}

// An exception from the submission ends that thread's phase; the others go
// on, so that every thread still meets every barrier.
class Findings {
 public:
  void add(int round, const std::string& what) {
    std::lock_guard lock(mutex_);
    if (round != last_round_) ++violations_;
    last_round_ = round;
    if (examples_.size() < most_examples) examples_.push_back("round " + std::to_string(round + 1) + ": " + what);
  }
  json to_json(int threads, int rounds) const {
    std::lock_guard lock(mutex_);
    return {{"threads", threads}, {"rounds", rounds}, {"violations", violations_}, {"examples", examples_}};
  }

 private:
  static constexpr std::size_t most_examples = 5;
  mutable std::mutex mutex_;
  int violations_ = 0, last_round_ = -1;
  std::vector<std::string> examples_;
};

template <typename F>
void guarded(Findings& findings, int round, F&& f) {
  try {
    f();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    findings.add(round, std::string("threw: ") + e.what());
  } catch (...) {
    findings.add(round, "threw an exception that is not a std::exception");
  }
}

}  // namespace

bool has_concurrency_workload(StudentPattern pattern) {
  return pattern == StudentPattern::bulkhead || pattern == StudentPattern::circuit_breaker ||
         pattern == StudentPattern::retry_budget;
}

json run_concurrently(PatternFactory& factory, const ConcurrencyRun& run) {
  if (run.threads < 2 || run.rounds < 1) throw std::invalid_argument("a concurrency run needs 2 threads and 1 round at least");
  const std::unique_ptr<Workload> workload = workload_for(factory, run);
  struct Noise {
    Noise() { set_schedule_noise(true); }
    ~Noise() { set_schedule_noise(false); }
  } noise;
  Findings findings;
  std::barrier<> together(run.threads);
  const auto thread_body = [&](int thread) {
    for (int round = 0; round < run.rounds; ++round) {
      if (thread == 0) guarded(findings, round, [&] { workload->start_round(); });
      together.arrive_and_wait();
      for (int phase = 0; phase < workload->phases(); ++phase) {
        guarded(findings, round, [&] { workload->phase(phase, thread); });
        together.arrive_and_wait();
      }
      if (thread == 0)
        guarded(findings, round, [&] {
          if (auto broke = workload->end_round()) findings.add(round, *broke);
        });
    }
  };
  {
    std::vector<std::jthread> threads;
    for (int t = 1; t < run.threads; ++t) threads.emplace_back(thread_body, t);
    thread_body(0);
  }
  return findings.to_json(run.threads, run.rounds);
}

}  // namespace chaossim::grading
