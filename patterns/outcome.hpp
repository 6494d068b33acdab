#pragma once
// How one call ended, as every pattern sees it. Outcomes are values, never exceptions.
#include <cstdint>

namespace chaossim::patterns {

enum class Outcome {
  success,
  error,        // the callee answered with an error
  timeout,      // no answer in time (a timeout pattern, a deadline, a silent network)
  unavailable,  // the callee refused the work: queue full, instance down
  rejected,     // a pattern of the caller refused the call before it was sent (see RejectedBy)
};

// Which pattern of the caller refused a call that ended Outcome::rejected. A
// retry budget never rejects a call: it denies a retry, and the call ends with
// its last attempt's outcome.
enum class RejectedBy : std::uint8_t { none, circuit_breaker, bulkhead, rate_limiter };

// A call's end as a caller sees it: the outcome, and for a rejection, by whom.
struct CallResult {
  Outcome outcome = Outcome::success;
  RejectedBy rejected_by = RejectedBy::none;
  bool degraded = false;  // a fallback answered instead of the callee

  bool ok() const { return outcome == Outcome::success; }
};

}  // namespace chaossim::patterns
