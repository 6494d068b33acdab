#pragma once
// A concurrency test: the submission's pattern driven from several real
// threads at once in its own process (concurrency_workload.hpp), built with
// ThreadSanitizer where it can be. It fails when a round breaks an
// invariant, when TSan reports a data race or a lock-order inversion (shown
// trimmed to the student's files and lines), or when the process dies or
// hangs (a deadlock). The decision protocol of a Python or --submission-cmd
// submission is sequential: there the test does not apply and counts for
// nothing.
#include "tools/grading/grade_result.hpp"
#include "tools/grading/grading_context.hpp"

namespace chaossim::grading {

TestResult run_concurrency(const GradingTest& test, GradingContext& context);

}  // namespace chaossim::grading
