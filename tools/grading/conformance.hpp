#pragma once
// A conformance test: one instance of the pattern, a fresh process, the
// script played in order; the first answer that differs from the expected
// one fails the test, and the feedback shows the script up to there.
#include "tools/grading/grade_result.hpp"
#include "tools/grading/grading_context.hpp"

namespace chaossim::grading {

TestResult run_conformance(const GradingTest& test, GradingContext& context);

// Does `answer` meet the step's expectation? Numbers to 1e-9, relative.
bool meets(const Step& step, const json& answer);

}  // namespace chaossim::grading
