#pragma once
// A grading suite (scenarios/grading/suite.json): the tests a submission is
// graded on, with points, visibility and feedback, grouped into the rubric's
// weighted categories when it has them. Three kinds:
//   - conformance: one pattern instance, a script of decisions at exact
//     virtual times, each with the answer expected;
//   - scenario: a scenario played with the submission's patterns in place of
//     the reference's, checked against absolute bounds or against the
//     reference implementation on the same seeds;
//   - concurrency: one pattern called from several threads at once, with
//     invariants checked and, for C++, ThreadSanitizer watching;
//   - composition: a scenario test where the submission also decides how
//     the patterns of each call nest; the scenario's own order is the
//     reference's (the model answer).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/diagnostics.hpp"
#include "tools/grading/protocol_config.hpp"
#include "tools/grading/sandbox.hpp"

namespace chaossim::grading {

inline constexpr std::string_view suite_schema_id = "chaossim/grading-suite/v1";

// As Gradescope names them.
enum class Visibility { visible, hidden, after_due_date, after_published };
std::string_view name_of(Visibility visibility);

struct Step {
  double at_s = 0;
  std::string op;
  json fields;  // sent as they are, with "now"
  std::optional<json> expect;
  std::optional<std::pair<double, double>> expect_between;
  std::string why;  // why that answer is expected, for the feedback
};

enum class Metric {
  availability, p95_ms, p99_ms, degraded_fraction,  // of a client
  recover_s, detect_s,                               // of a fault
  retry_amplification, attempts_while_open, retries_while_open, fallback_fraction,  // of an edge
  peak_memory_mib  // of the submission's process, the most over the replications
};
std::string_view name_of(Metric metric);

struct Check {
  Metric metric = Metric::availability;
  std::string client;  // a client's metric; empty: the scenario's first client
  std::string edge;    // an edge's metric: "from->to"
  int fault = 0;       // recover_s, detect_s
  bool at_least = false;  // else at most
  bool against_reference = false;
  double bound = 0;  // the absolute bound, or for a reference: reference x times -/+ margin
  double times = 1;
  double margin = 0;
};

struct GradingTest {
  std::string name;
  enum class Kind { conformance, scenario, concurrency, composition } kind = Kind::conformance;
  double points = 0;
  Visibility visibility = Visibility::visible;
  std::string category;  // one of the suite's, when it has categories
  std::string feedback;  // what the test is about, shown when it fails
  // conformance and concurrency
  StudentPattern pattern = StudentPattern::circuit_breaker;
  json config;  // the instance's config, in the protocol's form
  std::vector<Step> steps;
  // concurrency
  int threads = 8;
  int rounds = 200;
  // scenario and composition
  std::string scenario_file;  // resolved against the suite's directory
  std::string variant = "base";
  int replications = 1;
  std::optional<std::uint64_t> seed;
  std::vector<StudentPattern> patterns;  // the submission's; the others stay the reference's
  std::vector<Check> checks;
};

// A part of the rubric ("implementation": 40): its weight in the grade.
struct Category {
  std::string name;
  double weight = 0;
};

// The design part's signals (design_signals.hpp): measured when the suite
// asks, never scored, shown to students only if it says so.
struct DesignSignalsOptions {
  bool students_see = false;
};

struct GradingSuite {
  std::string file;
  std::string name;
  SandboxLimits limits;
  std::optional<DesignSignalsOptions> design_signals;
  std::vector<Category> categories;  // in the order written; none: the points are the grade
  std::vector<GradingTest> tests;
  double total_points() const;
  bool has(GradingTest::Kind kind) const;
};

struct SuiteLoad {
  std::optional<GradingSuite> suite;
  std::vector<scenarios::Diagnostic> errors;
};

SuiteLoad load_suite_file(const std::string& path);
// The same from text already read; `path` names it in messages and anchors
// the scenario files the suite names.
SuiteLoad load_suite_text(std::string_view text, const std::string& path);

// The ops of each pattern and the fields each needs (PROTOCOL.md).
struct OpSpec {
  StudentPattern pattern;
  std::string_view op;
  std::vector<std::string_view> fields;  // besides "now"
};
const std::vector<OpSpec>& protocol_ops();

}  // namespace chaossim::grading
