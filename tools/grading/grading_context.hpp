#pragma once
// What every test of one submission's grading shares: the submission, where
// its tests' private directories go, and the limits.
#include <filesystem>

#include "tools/grading/sandbox.hpp"
#include "tools/grading/submission.hpp"

namespace chaossim::grading {

struct GradingContext {
  const Submission* submission = nullptr;
  const RaceBuild* race_build = nullptr;  // for the concurrency tests; null when the suite has none
  std::filesystem::path scratch;  // a directory of the grader's, removed afterwards
  SandboxLimits limits;
  int next_workdir = 0;

  std::filesystem::path fresh_workdir() { return scratch / ("test-" + std::to_string(next_workdir++)); }
};

}  // namespace chaossim::grading
