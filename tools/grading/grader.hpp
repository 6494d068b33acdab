#pragma once
// Grades submissions against a suite: prepares each (compiling C++), then
// runs every test in a fresh sandboxed process. The reference runs of the
// scenario tests are played once, when the grader is made.
#include <filesystem>
#include <optional>
#include <string>

#include "tools/grading/grade_result.hpp"
#include "tools/grading/scenario_test.hpp"
#include "tools/grading/submission.hpp"
#include "tools/grading/suite.hpp"

namespace chaossim::grading {

class Grader {
 public:
  // `sandbox`: what the sandbox puts in place here (probe_sandbox()); each
  // grade's output warns when it cannot isolate files.
  Grader(const GradingSuite& suite, Toolkit toolkit, int jobs, SandboxReport sandbox);

  // Throws
  // std::invalid_argument when `dir` holds no submission at all.
  SubmissionGrade grade(const std::filesystem::path& dir, const std::optional<std::string>& command) const;

 private:
  const GradingSuite& suite_;
  Toolkit toolkit_;
  SandboxReport sandbox_;
  ScenarioTests scenarios_;
};

}  // namespace chaossim::grading
