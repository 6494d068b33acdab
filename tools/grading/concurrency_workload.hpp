#pragma once
// The concurrency test's side inside the submission's process (PROTOCOL.md,
// "concurrency"): a submission's pattern driven from several real threads at
// once. Each round makes a fresh instance, releases the threads together
// through barriers into phases of a fixed schedule, and checks invariants
// when they are done: a bulkhead never admits more than its permits nor
// leaks one; a breaker's counts add up and it lets no more than
// `half_open_calls` probes out at once; a retry budget grants no more
// retries than its ratio.
//
// What a round must end in is the submission's own answer to the same calls
// made one at a time on a fresh instance: within a phase every call has the
// same `now` and the calls are of one kind, so any order must give the same
// counts. A difference is a concurrency bug, not a misreading of the
// pattern's rules (the conformance tests judge those).
#include <nlohmann/json.hpp>

#include "patterns/factory.hpp"
#include "tools/grading/protocol_config.hpp"

namespace chaossim::grading {

struct ConcurrencyRun {
  StudentPattern pattern = StudentPattern::bulkhead;
  json config;  // the protocol's form
  int threads = 8;
  int rounds = 200;
};

// The patterns with a workload.
bool has_concurrency_workload(StudentPattern pattern);

// {"threads", "rounds", "violations": rounds that broke an invariant,
//  "examples": the first few, in words}. Throws std::invalid_argument for a
// run it cannot make (a pattern without a workload, a bulkhead with a queue).
json run_concurrently(patterns::PatternFactory& factory, const ConcurrencyRun& run);

}  // namespace chaossim::grading
