#pragma once
// What grading one submission found: a verdict per test, as the outputs
// (Gradescope's results.json, JUnit, feedback.html, the gradebook) show it.
#include <optional>
#include <string>
#include <vector>

#include "tools/grading/design_signals.hpp"
#include "tools/grading/suite.hpp"

namespace chaossim::grading {

// A scenario test's figures over time, the submission's beside the reference's.
struct ScenarioTrace {
  double bucket_s = 1;
  std::vector<double> bucket_starts_s;
  std::vector<std::optional<double>> availability, reference_availability;
  std::vector<std::optional<double>> p99_ms, reference_p99_ms;
  std::vector<std::pair<double, double>> faults;  // windows, to shade
  // The call edge the test checks, when it checks one: what the check is
  // about, bucket by bucket (a breaker's open time, a fallback's share, ...).
  std::string edge_title, edge_ylabel;
  std::vector<std::optional<double>> edge, reference_edge;
};

struct TestResult {
  std::string name;
  GradingTest::Kind kind = GradingTest::Kind::conformance;
  double score = 0;
  double max_score = 0;
  bool passed = false;
  Visibility visibility = Visibility::visible;
  std::string category;  // the rubric's, when the suite has categories
  std::string output;  // for the student: what was checked, what failed and why
  std::optional<ScenarioTrace> trace;
};

// One part of the rubric: its tests' points scaled to its weight. A part
// with no tests is graded by hand, on Gradescope in a question of its own.
struct CategoryScore {
  std::string name;
  double weight = 0;
  bool by_hand = false;
  double points = 0, max_points = 0;  // its tests', as the suite gives them
  double score = 0;                   // points / max_points x weight (0 by hand)
};

struct SubmissionGrade {
  std::string submission;  // its name
  std::string language;
  std::vector<TestResult> tests;
  std::vector<CategoryScore> categories;  // in the suite's order; empty without categories
  // The automated score: with categories, the weighted sum of theirs out of
  // their weights (the parts graded by hand are not in it); else the points.
  double score = 0, max_score = 0;
  std::optional<DesignSignals> design;  // when the suite asks for them
  double execution_s = 0;  // wall-clock time grading took; never in a result that must repeat
  std::string output;      // about the whole run: the sandbox, a load error
};

}  // namespace chaossim::grading
