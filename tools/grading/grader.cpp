#include "tools/grading/grader.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "tools/grading/concurrency_test.hpp"
#include "tools/grading/conformance.hpp"
#include "tools/grading/rubric_score.hpp"

namespace chaossim::grading {
namespace fs = std::filesystem;
namespace {

// The grader's scratch directory, under an unpredictable name. As root, the
// sandbox's uid must be able to pass through it (x) to the private folder of
// each test, and no more: it cannot list it.
fs::path make_scratch() {
  std::string pattern = (fs::temp_directory_path() / "chaossim-grade-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a scratch directory");
  ::chmod(pattern.c_str(), 0711);
  return pattern;
}

}  // namespace

Grader::Grader(const GradingSuite& suite, Toolkit toolkit, int jobs, SandboxReport sandbox)
    : suite_(suite), toolkit_(std::move(toolkit)), sandbox_(std::move(sandbox)), scenarios_(suite, jobs) {}

SubmissionGrade Grader::grade(const fs::path& dir, const std::optional<std::string>& command) const {
  const auto started = std::chrono::steady_clock::now();
  const fs::path scratch = make_scratch();
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } cleanup{scratch};

  const Submission submission = prepare_submission(dir, command, toolkit_, scratch, suite_.limits);
  RaceBuild race_build;
  if (suite_.has(GradingTest::Kind::concurrency))
    race_build = prepare_race_build(dir, submission, toolkit_, scratch, suite_.limits);
  GradingContext context{&submission, &race_build, scratch, suite_.limits, 0};
  SubmissionGrade grade;
  if (suite_.design_signals && !submission.load_error)
    grade.design = measure_design(dir, submission, toolkit_, scratch, suite_.limits);
  grade.submission = submission.name;
  grade.language = submission.language;
  grade.output = sandbox_.isolation_warning();
  if (submission.load_error)
    grade.output += fmt::format("{}Your submission {}", grade.output.empty() ? "" : "\n\n", *submission.load_error);
  for (const GradingTest& test : suite_.tests) {
    TestResult result;
    // A concurrency test says whether it applies before anything else: a
    // Python submission that does not load still has none to fail.
    const bool runs_anyway = test.kind == GradingTest::Kind::concurrency && submission.language != "cpp" && submission.language != "so";
    if (submission.load_error && !runs_anyway)
      result = {test.name, test.kind, 0, test.points, false, test.visibility, test.category,
                test.feedback + "\n\nYour submission does not compile, so this test could not run: the compiler's messages are at the top.", {}};
    else if (test.kind == GradingTest::Kind::conformance)
      result = run_conformance(test, context);
    else if (test.kind == GradingTest::Kind::concurrency)
      result = run_concurrency(test, context);
    else
      result = scenarios_.run(test, context);
    grade.tests.push_back(std::move(result));
  }
  score_by_rubric(suite_, grade);
  grade.execution_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return grade;
}

}  // namespace chaossim::grading
