#pragma once
// How one call ended, as every pattern sees it. Outcomes are values, never exceptions.
#include <cstdint>
#include <optional>

#include "patterns/enum_names.hpp"
#include "patterns/pattern_kind.hpp"

namespace chaossim::patterns {

// One byte: a CallResult rides in every frame and call, and stays 8 bytes.
enum class Outcome : std::uint8_t {
  success,
  error,        // the callee answered with an error
  timeout,      // no answer in time (a timeout pattern, a deadline, a silent network)
  unavailable,  // the callee refused the work: queue full, instance down
  rejected,     // a pattern of the caller refused the call before it was sent (see rejected_by)
  // The callee shed the work to protect itself (HTTP's 429, gRPC's
  // RESOURCE_EXHAUSTED), answering at once, maybe with when to come back.
  overloaded,
};
inline constexpr std::array<std::string_view, 6> outcome_names{"success", "error", "timeout", "unavailable", "rejected", "overloaded"};
constexpr std::string_view name_of(Outcome outcome) { return name_in(outcome_names, outcome); }

// A call's end as a caller sees it: the outcome, and for a rejection, by whom.
struct CallResult {
  Outcome outcome = Outcome::success;
  // For a rejection, the pattern that refused (one that can_refuse). A retry
  // budget never rejects a call: it denies a retry, and the call ends with its
  // last attempt's outcome.
  std::optional<PatternKind> rejected_by = std::nullopt;
  bool degraded : 1 = false;  // a fallback answered instead of the callee
  // An error of the caller's making (like HTTP's 4xx): not worth retrying,
  // and no sign of the callee's health. Retry and circuit breaker stages
  // look at it beside the outcome (which stays `error`).
  bool client_error : 1 = false;
  // For an `overloaded` answer: the wait its callee asked for before a new
  // attempt (HTTP's Retry-After), 0 when it named none.
  float retry_after_s = 0;

  bool ok() const { return outcome == Outcome::success; }
};

}  // namespace chaossim::patterns
