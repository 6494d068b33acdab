#pragma once
// What grading writes: Gradescope's results.json, JUnit XML, the gradebook
// of a class, the console table, and feedback.html for a student.
#include <string>
#include <vector>

#include "tools/grading/grade_result.hpp"
#include "tools/grading/suite.hpp"

namespace chaossim::grading {

// Gradescope's autograder format: score, execution_time, output, tests[].
std::string gradescope_json(const SubmissionGrade& grade);
// One test suite per submission, one test case per test.
std::string grading_junit(const std::vector<SubmissionGrade>& grades);
// One row per submission (in the order given), one column per test, then the total.
std::string gradebook_csv(const GradingSuite& suite, const std::vector<SubmissionGrade>& grades);
// The verdicts as a table for a terminal.
std::string console_table(const SubmissionGrade& grade);
// A page for the student: per visible test, the verdict and its feedback,
// and for a scenario test their availability and p99 latency over time
// beside the reference's (gnuplot svg, inline), and the checked edge's figure
// when the test checks one. Other tests are only counted.
std::string feedback_html(const GradingSuite& suite, const SubmissionGrade& grade);

}  // namespace chaossim::grading
