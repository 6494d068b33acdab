#include "patterns/circuit_breaker.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

#include "patterns/outcome_window.hpp"
#include "patterns/virtual_time.hpp"

namespace chaossim::patterns {

std::string_view name_of(CircuitState state) {
  switch (state) {
    case CircuitState::closed: return "closed";
    case CircuitState::open: return "open";
    case CircuitState::half_open: return "half_open";
    case CircuitState::disabled: return "disabled";
    case CircuitState::forced_open: return "forced_open";
  }
  return "?";
}

struct ReferenceCircuitBreaker::Windows {
  std::variant<CountWindow, TimeWindow> window;
};

ReferenceCircuitBreaker::ReferenceCircuitBreaker(const CircuitBreakerConfig& config)
    : config_(config),
      windows_(std::make_unique<Windows>(
          config.window_kind == WindowKind::count ? Windows{CountWindow(config.window_size)} : Windows{TimeWindow(config.window_s)})) {}

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
    state_ = CircuitState::half_open;
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
      ++probe_calls_;
      probe_failures_ += failed ? 1 : 0;
      probe_slow_ += slow ? 1 : 0;
      // Decide once every permitted probe has reported.
      if (probe_calls_ >= config_.half_open_calls) {
        if (over_threshold(probe_calls_, probe_failures_, probe_slow_)) open(now);
        else close();
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
  state_ = CircuitState::open;
  open_until_ = now + wait;
}

void ReferenceCircuitBreaker::close() {
  state_ = CircuitState::closed;
  openings_ = 0;
  std::visit([](auto& w) { w.reset(); }, windows_->window);
}

void ReferenceCircuitBreaker::force_open() { state_ = CircuitState::forced_open; }
void ReferenceCircuitBreaker::disable() { state_ = CircuitState::disabled; }
void ReferenceCircuitBreaker::reset() { close(); }

std::string validate(const CircuitBreakerConfig& c) {
  if (c.window_kind == WindowKind::count && c.window_size < 1) return "window size must be at least 1 call";
  if (c.window_kind == WindowKind::time && !(c.window_s > 0)) return "a time window must be longer than 0 s";
  if (!(c.failure_rate > 0 && c.failure_rate <= 1)) return "failure_rate must be in (0, 1]";
  if (!(c.slow_call_rate > 0 && c.slow_call_rate <= 1)) return "slow_call_rate must be in (0, 1]";
  if (!(c.slow_call_duration_s > 0)) return "slow_call_duration must be longer than 0 s";
  if (c.minimum_calls < 1) return "minimum_calls must be at least 1";
  if (!(c.open_for_s > 0)) return "open_for must be longer than 0 s";
  if (c.open_multiplier < 1) return "the open duration multiplier must be at least 1";
  if (c.open_max_s < c.open_for_s) return "the maximum open duration must be at least the initial one";
  if (c.half_open_calls < 1) return "half_open_calls must be at least 1";
  return {};
}

}  // namespace chaossim::patterns
