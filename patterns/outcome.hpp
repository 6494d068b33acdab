#pragma once
// How one call ended, as every pattern sees it. Outcomes are values, never exceptions.
namespace chaossim::patterns {

enum class Outcome {
  success,
  error,        // the callee answered with an error
  timeout,      // no answer in time (a timeout pattern, a deadline, a silent network)
  unavailable,  // the callee refused the work: queue full, instance down
  rejected,     // a pattern of the caller refused the call before it was sent
};

}  // namespace chaossim::patterns
