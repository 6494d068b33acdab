#pragma once
// What grading writes: Gradescope's results.json, JUnit XML, the gradebook
// of a class, the console table, and feedback.html for a student.
#include <string>
#include <vector>

#include "tools/grading/grade_result.hpp"
#include "tools/grading/suite.hpp"

namespace chaossim::grading {

// Gradescope's autograder format: score, execution_time, output, tests[].
// The design signals, when measured, are an entry of their own worth 0
// points, hidden unless the suite shows them to students: on Gradescope the
// instructor sees them beside the score.
std::string gradescope_json(const SubmissionGrade& grade, const GradingSuite& suite);
// One test suite per submission, one test case per test.
std::string grading_junit(const std::vector<SubmissionGrade>& grades);
// One row per submission (in the order given), one column per test, then the total.
std::string gradebook_csv(const GradingSuite& suite, const std::vector<SubmissionGrade>& grades);
// The verdicts as a table for a terminal.
std::string console_table(const SubmissionGrade& grade);
// A page per test, the verdict and its feedback, and for a scenario test
// their availability and p99 latency over time beside the reference's
// (gnuplot svg, inline), and the checked edge's figure when the test checks
// one. The student's shows the visible tests (others are only counted) and
// the design signals if the suite says so; the instructor's shows every test
// and the design signals.
enum class Audience { student, instructor };
std::string feedback_html(const GradingSuite& suite, const SubmissionGrade& grade, Audience audience);

}  // namespace chaossim::grading
