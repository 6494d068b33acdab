#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/test_support.hpp"
#include "tools/grading/suite.hpp"

using namespace chaossim::grading;
namespace fs = std::filesystem;

namespace {

std::string errors_of(const std::string& text) {
  const fs::path file = fs::temp_directory_path() / ("suite-loader-test-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << text;
  const auto loaded = load_suite_file(file.string());
  std::string all;
  for (const auto& e : loaded.errors) all += e.format() + "\n";
  fs::remove(file);
  return all;
}

std::string suite_with(const std::string& tests) {
  return "{\"schema\": \"chaossim/grading-suite/v1\", \"name\": \"t\", \"tests\": [\n" + tests + "\n]}";
}

const char* breaker = R"({"name": "cb", "kind": "conformance", "pattern": "circuit_breaker", "points": 1, "feedback": "f",
  "pipeline": {"circuit_breaker": {}}, "steps": )";

}  // namespace

TEST_CASE("the grading suite that ships loads, with points, feedback and checks for every test, and the rubric's four parts") {
  const auto loaded = load_suite_file(std::string(CHAOSSIM_SOURCE_DIR) + "/scenarios/grading/suite.json");
  REQUIRE(loaded.errors.empty());
  const GradingSuite& suite = *loaded.suite;
  CHECK(suite.tests.size() >= 20);
  for (const auto& t : suite.tests) {
    CHECK(t.points > 0);
    CHECK_FALSE(t.feedback.empty());
    CHECK_FALSE(t.category.empty());
    if (t.kind == GradingTest::Kind::conformance) CHECK_FALSE(t.steps.empty());
    else if (t.kind == GradingTest::Kind::concurrency) CHECK_FALSE(t.config.empty());
    else CHECK_FALSE(t.checks.empty());
  }
  REQUIRE(suite.categories.size() == 4);
  double weights = 0;
  for (const auto& c : suite.categories) weights += c.weight;
  CHECK(weights == 100);
  CHECK(suite.has(GradingTest::Kind::concurrency));
  CHECK(suite.has(GradingTest::Kind::composition));
  CHECK(suite.design_signals);
}

TEST_CASE("a repeated step plays at every interval") {
  const fs::path file = fs::temp_directory_path() / ("suite-repeat-test-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << suite_with(std::string(breaker) +
                                    R"([{"at": "1s", "op": "on_failure", "latency_s": 0.1, "repeat": 3, "every": "0.5s"}]})");
  const auto loaded = load_suite_file(file.string());
  fs::remove(file);
  REQUIRE(loaded.suite);
  const auto& steps = loaded.suite->tests.front().steps;
  REQUIRE(steps.size() == 3);
  CHECK(steps[2].at_s == Approx(2.0));
  CHECK(steps[2].fields == json{{"latency_s", 0.1}});
}

TEST_CASE("suite mistakes name the line, the JSON path and what was expected") {
  const auto unknown_op = errors_of(suite_with(std::string(breaker) + R"([{"at": "0s", "op": "try_aquire"}]})"));
  CHECK_THAT(unknown_op, Catch::Contains(".json:3:"));
  CHECK_THAT(unknown_op, Catch::Contains("$.tests[0].steps[0].op: \"try_aquire\" is not an op of circuit_breaker"));
  CHECK_THAT(unknown_op, Catch::Contains("did you mean \"try_acquire\""));

  const auto missing_field = errors_of(suite_with(std::string(breaker) + R"([{"at": "0s", "op": "on_failure"}]})"));
  CHECK_THAT(missing_field, Catch::Contains("op \"on_failure\" needs the field \"latency_s\""));

  const auto stray_field =
      errors_of(suite_with(std::string(breaker) + R"([{"at": "0s", "op": "on_failure", "latency_s": 1, "latency": 1}]})"));
  CHECK_THAT(stray_field, Catch::Contains("\"latency\" is not a field of op \"on_failure\""));

  const auto bad_bounds =
      errors_of(suite_with(std::string(breaker) + R"([{"at": "0s", "op": "state", "expect_between": [2, 1]}]})"));
  CHECK_THAT(bad_bounds, Catch::Contains("expected [low, high]"));

  const auto no_config = errors_of(suite_with(
      R"({"name": "r", "kind": "conformance", "pattern": "retry", "points": 1, "feedback": "f", "pipeline": {}, "steps": []})"));
  CHECK_THAT(no_config, Catch::Contains("a retry test needs \"retry\" in its pipeline"));

  const auto scenario = std::string(CHAOSSIM_SOURCE_DIR) + "/scenarios/grading/breaker-partition.json";
  const auto both_bounds = errors_of(suite_with(R"({"name": "s", "kind": "scenario", "points": 1, "feedback": "f", "scenario": ")" +
                                                scenario + R"(", "patterns": ["circuit_breaker"],
      "checks": [{"metric": "availability", "at_least": 0.9, "at_most": 1},
                 {"metric": "attempts_while_open", "edge": "web->db", "at_most": 0},
                 {"metric": "recover_s", "fault": 3, "at_most": "reference", "minus": 1}]})"));
  CHECK_THAT(both_bounds, Catch::Contains("exactly one of \"at_least\" and \"at_most\""));
  CHECK_THAT(both_bounds, Catch::Contains("\"web->db\" is not an edge of the scenario"));
  CHECK_THAT(both_bounds, Catch::Contains("the scenario has 1 faults"));
  CHECK_THAT(both_bounds, Catch::Contains("\"plus\" goes with \"at_most\""));

  const auto no_scenario = errors_of(suite_with(
      R"({"name": "s", "kind": "scenario", "points": 1, "feedback": "f", "scenario": "nowhere.json", "patterns": ["retry"], "checks": []})"));
  CHECK_THAT(no_scenario, Catch::Contains("\"nowhere.json\" does not load"));

  const auto twice = errors_of(suite_with(std::string(breaker) + "[]},\n" + breaker + "[]}"));
  CHECK_THAT(twice, Catch::Contains("\"cb\" names another test already"));
}
