#include "patterns/circuit_breaker.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

#include "patterns/outcome_window.hpp"
#include "patterns/virtual_time.hpp"

namespace chaossim::patterns {

struct ReferenceCircuitBreaker::Windows {
  std::variant<CountWindow, TimeWindow> window;
};

ReferenceCircuitBreaker::ReferenceCircuitBreaker(const CircuitBreakerConfig& config)
    : config_(config),
      windows_(std::make_unique<Windows>(
          config.window_kind == WindowKind::time ? Windows{TimeWindow(config.window_s)}
          // A consecutive window keeps only its streak: no ring of calls.
          : Windows{CountWindow(config.window_kind == WindowKind::count ? config.window_size : 1)})) {}

ReferenceCircuitBreaker::~ReferenceCircuitBreaker() = default;

bool ReferenceCircuitBreaker::over_threshold(std::int64_t calls, std::int64_t failures, std::int64_t slow) const {
  // As Resilience4j: a rate at or above its threshold trips.
  const double n = static_cast<double>(calls);
  return static_cast<double>(failures) / n >= config_.failure_rate || static_cast<double>(slow) / n >= config_.slow_call_rate;
}

void ReferenceCircuitBreaker::advance(double now) {
  if (state_ == CircuitState::open && reached(now, open_until_)) {
    // Resilience4j moves to half-open on the first request after the wait (its
    // default); asking the state at `now` is such a request here.
    transition(now, CircuitState::half_open);
    probes_out_ = 0;
    probe_calls_ = probe_failures_ = probe_slow_ = 0;
  }
}

CircuitState ReferenceCircuitBreaker::state(double now) {
  advance(now);
  return state_;
}

bool ReferenceCircuitBreaker::try_acquire(double now) {
  advance(now);
  switch (state_) {
    case CircuitState::closed:
    case CircuitState::disabled: return true;
    case CircuitState::open:
    case CircuitState::forced_open: return false;
    case CircuitState::half_open:
      if (probes_out_ >= config_.half_open_calls) return false;
      ++probes_out_;
      return true;
  }
  return false;
}

void ReferenceCircuitBreaker::on_success(double now, double latency_s) { record(now, latency_s, false); }
void ReferenceCircuitBreaker::on_failure(double now, double latency_s) { record(now, latency_s, true); }

void ReferenceCircuitBreaker::record(double now, double latency_s, bool failed) {
  advance(now);
  // Resilience4j counts a call as slow when it took longer than the threshold.
  const bool slow = latency_s > config_.slow_call_duration_s;
  switch (state_) {
    case CircuitState::closed: {
      if (config_.window_kind == WindowKind::consecutive) {
        streak_ = failed ? streak_ + 1 : 0;
        if (streak_ >= config_.window_size) open(now);
        return;
      }
      WindowTotals t;
      if (auto* count = std::get_if<CountWindow>(&windows_->window)) {
        count->record(failed, slow);
        t = count->totals();
      } else {
        auto& time = std::get<TimeWindow>(windows_->window);
        time.record(now, failed, slow);
        t = time.totals(now);
      }
      // As Resilience4j, a count window needs min(minimum_calls, size) calls:
      // a minimum larger than the window would otherwise never be reached.
      const std::int64_t minimum = config_.window_kind == WindowKind::count
                                       ? std::min(config_.minimum_calls, config_.window_size)
                                       : config_.minimum_calls;
      if (t.calls >= minimum && over_threshold(t.calls, t.failures, t.slow)) open(now);
      return;
    }
    case CircuitState::half_open:
      if (config_.successes_to_close > 0) {
        // Any failure reopens at once; enough successes close.
        if (failed) return open(now);
        if (++probe_calls_ >= config_.successes_to_close) close(now);
        return;
      }
      ++probe_calls_;
      probe_failures_ += failed ? 1 : 0;
      probe_slow_ += slow ? 1 : 0;
      // Decide once every permitted probe has reported.
      if (probe_calls_ >= config_.half_open_calls) {
        if (over_threshold(probe_calls_, probe_failures_, probe_slow_)) open(now);
        else close(now);
      }
      return;
    default:
      // Deviation: Resilience4j still records late outcomes in the open state's
      // metrics; they cannot change anything until half-open, so they are dropped.
      return;
  }
}

void ReferenceCircuitBreaker::open(double now) {
  // Each reopening without a close in between waits longer: initial x multiplier^n, capped.
  const double wait = std::min(config_.open_max_s, config_.open_for_s * std::pow(config_.open_multiplier, openings_));
  ++openings_;
  open_until_ = now + wait;
  transition(now, CircuitState::open);
}

void ReferenceCircuitBreaker::close(double now) {
  openings_ = 0;
  streak_ = 0;
  std::visit([](auto& w) { w.reset(); }, windows_->window);
  transition(now, CircuitState::closed);
}

void ReferenceCircuitBreaker::transition(double now, CircuitState to) {
  const CircuitState from = state_;
  state_ = to;
  if (observer_ != nullptr && from != to) observer_->on_transition(now, from, to);
}

bool ReferenceCircuitBreaker::observe(CircuitBreakerObserver* observer) {
  observer_ = observer;
  return true;
}

void ReferenceCircuitBreaker::force_open(double now) { transition(now, CircuitState::forced_open); }
void ReferenceCircuitBreaker::disable(double now) { transition(now, CircuitState::disabled); }
void ReferenceCircuitBreaker::reset(double now) { close(now); }

}  // namespace chaossim::patterns
