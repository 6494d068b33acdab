#pragma once
// The grade by the rubric's categories: each category's tests' points scaled
// to its weight, so that a suite can weigh "implementation" 40 and
// "performance" 10 however many tests and points each has. A category with
// no tests is graded by hand and stays out of the automated score; so does
// one whose every test does not apply to this submission (a Python
// submission's concurrency tests).
#include "tools/grading/grade_result.hpp"
#include "tools/grading/suite.hpp"

namespace chaossim::grading {

// Sets grade.categories, score and max_score from its tests. Without
// categories in the suite, the score is the sum of the tests' points.
void score_by_rubric(const GradingSuite& suite, SubmissionGrade& grade);

}  // namespace chaossim::grading
