#pragma once
// Scenario tests: the scenario played with the submission's patterns (those
// the test names) in place of the reference's, one child process per
// replication, each talking to a sandboxed submission of its own; then the
// test's checks, against absolute bounds or against the reference
// implementation's runs on the same seeds.
#include <map>
#include <memory>
#include <vector>

#include "reports/summary.hpp"
#include "scenarios/scenario.hpp"
#include "tools/grading/grade_result.hpp"
#include "tools/grading/grading_context.hpp"

namespace chaossim::grading {

class ScenarioTests {
 public:
  // Loads every scenario test's scenario and plays the reference on it, once
  // for all the submissions graded. Throws std::runtime_error if one fails.
  ScenarioTests(const GradingSuite& suite, int jobs);
  ~ScenarioTests();

  TestResult run(const GradingTest& test, GradingContext& context) const;

 private:
  struct Reference;
  std::map<std::string, std::unique_ptr<Reference>> references_;  // by test name
};

}  // namespace chaossim::grading
