#pragma once
// CircuitBreaker: stops calling a dependency that is failing, then probes it.
//
// The caller asks try_acquire(now) before each call and reports how the call
// went with on_success / on_failure (with its latency). Time is always passed
// in: the same breaker runs in virtual time in chaossim and on a real clock
// elsewhere. Semantics follow Resilience4j's CircuitBreakerStateMachine; the
// deviations are marked "Deviation" below.
#include <memory>
#include <string_view>

#include "patterns/circuit_breaker_config.hpp"

namespace chaossim::patterns {

enum class CircuitState { closed, open, half_open, disabled, forced_open };
inline constexpr std::array<std::string_view, 5> circuit_state_names{"closed", "open", "half_open", "disabled", "forced_open"};
constexpr std::string_view name_of(CircuitState state) { return name_in(circuit_state_names, state); }

// Hears every state change of a breaker, as Resilience4j's
// CircuitBreakerOnStateTransitionEvent: when it happens, from what, to what.
class CircuitBreakerObserver {
 public:
  virtual void on_transition(double now, CircuitState from, CircuitState to) = 0;

 protected:
  ~CircuitBreakerObserver() = default;
};

// The contract a student's implementation fulfils.
class CircuitBreaker {
 public:
  virtual ~CircuitBreaker() = default;
  // May a call go out now? A refused call must not be reported back.
  virtual bool try_acquire(double now) = 0;
  virtual void on_success(double now, double latency_s) = 0;
  virtual void on_failure(double now, double latency_s) = 0;
  virtual CircuitState state(double now) = 0;
  // Tells `observer` of every transition from now on; false for an
  // implementation without events (the caller then asks state() instead).
  // A student need not write it.
  virtual bool observe(CircuitBreakerObserver* /*observer*/) { return false; }
};

// The reference implementation.
class ReferenceCircuitBreaker final : public CircuitBreaker {
 public:
  explicit ReferenceCircuitBreaker(const CircuitBreakerConfig& config);
  ~ReferenceCircuitBreaker() override;

  bool try_acquire(double now) override;
  void on_success(double now, double latency_s) override;
  void on_failure(double now, double latency_s) override;
  CircuitState state(double now) override;
  bool observe(CircuitBreakerObserver* observer) override;

  // Manual overrides, as Resilience4j's transitionTo*State.
  void force_open(double now);
  void disable(double now);
  void reset(double now);  // back to closed with empty windows

  // When the current open period ends (meaningful while open).
  double open_until() const { return open_until_; }
  // Consecutive openings without closing in between: the open duration grows with them.
  int consecutive_openings() const { return openings_; }

 private:
  struct Windows;
  void record(double now, double latency_s, bool failed);
  void open(double now);
  void close(double now);
  // Every change of state goes through here, and is told to the observer.
  void transition(double now, CircuitState to);
  void advance(double now);  // open -> half-open once the open period is over
  bool over_threshold(std::int64_t calls, std::int64_t failures, std::int64_t slow) const;

  CircuitBreakerConfig config_;
  CircuitState state_ = CircuitState::closed;
  std::unique_ptr<Windows> windows_;
  double open_until_ = 0;
  int openings_ = 0;
  // Half-open probes: permits handed out, and outcomes of this round.
  int probes_out_ = 0;
  std::int64_t probe_calls_ = 0, probe_failures_ = 0, probe_slow_ = 0;
  int streak_ = 0;  // failures in a row, for a consecutive window
  CircuitBreakerObserver* observer_ = nullptr;
};


}  // namespace chaossim::patterns
