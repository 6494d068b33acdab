#pragma once
#include <array>
#include <vector>

#include "patterns/config_problem.hpp"
#include "patterns/enum_names.hpp"
#include "patterns/outcome.hpp"

namespace chaossim::patterns {

// consecutive: the last `window_size` calls all failed (Polly's basic
// circuit breaker, "exceptionsAllowedBeforeBreaking"), however many succeeded before.
enum class WindowKind { count, time, consecutive };
inline constexpr std::array<std::string_view, 3> window_kind_names{"count", "time", "consecutive"};

// Defaults are Resilience4j's, so a user who knows it meets no surprise.
struct CircuitBreakerConfig {
  static constexpr int default_window_size = 100;
  static constexpr double default_window_s = 60.0;
  static constexpr double default_failure_rate = 0.5;
  static constexpr double default_slow_call_rate = 1.0;
  static constexpr double default_slow_call_duration_s = 60.0;
  static constexpr int default_minimum_calls = 100;
  static constexpr double default_open_for_s = 60.0;
  static constexpr int default_half_open_calls = 10;
  // An open duration given as {"initial": ...} grows: by this much at each
  // reopening, up to this many times the initial one. A fixed one does not.
  static constexpr double default_growing_open_multiplier = 2.0;
  static constexpr double default_growing_open_max_factor = 10.0;

  WindowKind window_kind = WindowKind::count;
  int window_size = default_window_size;    // calls, for a count window
  double window_s = default_window_s;       // seconds, for a time window
  double failure_rate = default_failure_rate;
  double slow_call_rate = default_slow_call_rate;
  double slow_call_duration_s = default_slow_call_duration_s;
  int minimum_calls = default_minimum_calls;
  // Open duration: initial, growing by `open_multiplier` on each reopening up to `open_max_s`.
  double open_for_s = default_open_for_s;
  double open_multiplier = 1.0;
  double open_max_s = default_open_for_s;
  int half_open_calls = default_half_open_calls;
  // When set: half-open closes on this many successes and reopens on any
  // failure (Polly's and Hystrix's way), instead of judging its probes' rates.
  int successes_to_close = 0;
  // The ends counted as failures (Resilience4j's recordExceptions); any other
  // end counts as a success. A client error is recorded only if asked.
  static constexpr std::array<Outcome, 5> default_record{Outcome::error, Outcome::timeout, Outcome::unavailable, Outcome::rejected,
                                                        Outcome::overloaded};
  // From an array rather than a braced list: GCC 12 warns (falsely) that a
  // braced list of one-byte values may be read uninitialized.
  std::vector<Outcome> record{default_record.begin(), default_record.end()};
  bool record_client_errors = false;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const CircuitBreakerConfig& config);

}  // namespace chaossim::patterns
