// The rubric's categories: how a suite declares them, how a grade is scored
// by them, and how each output shows them.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tools/grading/grade_outputs.hpp"
#include "tools/grading/rubric_score.hpp"
#include "tools/grading/suite.hpp"

using namespace chaossim::grading;
namespace fs = std::filesystem;

namespace {

SuiteLoad load(const std::string& text) {
  const fs::path file = fs::temp_directory_path() / ("rubric-test-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << text;
  auto loaded = load_suite_file(file.string());
  fs::remove(file);
  return loaded;
}

std::string errors_of(const SuiteLoad& loaded) {
  std::string all;
  for (const auto& e : loaded.errors) all += e.format() + "\n";
  return all;
}

const char* rubric = R"("categories": {"implementation": 40, "failure_handling": 30, "design": 20, "performance": 10})";

std::string suite_with(const std::string& head, const std::string& tests) {
  return R"({"schema": "chaossim/grading-suite/v1", "name": "t", )" + head + R"(, "tests": [)" + tests + "]}";
}

std::string bulkhead_test(const std::string& name, const std::string& extra) {
  return R"({"name": ")" + name + R"(", "kind": "concurrency", "pattern": "bulkhead", "points": 5, "feedback": "f",
             "pipeline": {"bulkhead": {"max_concurrent": 3, "max_queue": 0}})" + extra + "}";
}

TestResult result(const std::string& name, const std::string& category, double score, double max_score) {
  TestResult t;
  t.name = name;
  t.category = category;
  t.score = score;
  t.max_score = max_score;
  t.passed = score == max_score;
  return t;
}

GradingSuite two_part_suite() {
  GradingSuite suite;
  suite.name = "rubric";
  suite.categories = {{"implementation", 40}, {"failure_handling", 30}, {"design", 20}, {"performance", 10}};
  for (const auto& [name, category, points] : {std::tuple("a", "implementation", 5.0), std::tuple("b", "implementation", 15.0),
                                               std::tuple("c", "failure_handling", 6.0), std::tuple("d", "performance", 4.0)}) {
    GradingTest t;
    t.name = name;
    t.category = category;
    t.points = points;
    suite.tests.push_back(t);
  }
  return suite;
}

SubmissionGrade graded(const GradingSuite& suite, std::vector<TestResult> tests) {
  SubmissionGrade g;
  g.submission = "alice";
  g.language = "cpp";
  g.tests = std::move(tests);
  score_by_rubric(suite, g);
  return g;
}

}  // namespace

TEST_CASE("a suite's categories load in the order written, and each test names one of them") {
  const auto loaded = load(suite_with(rubric, bulkhead_test("b", R"(, "category": "implementation", "threads": 4, "rounds": 50)")));
  INFO(errors_of(loaded));
  REQUIRE(loaded.suite);
  const GradingSuite& suite = *loaded.suite;
  REQUIRE(suite.categories.size() == 4);
  CHECK(suite.categories[0].name == "implementation");
  CHECK(suite.categories[3].name == "performance");
  CHECK(suite.categories[3].weight == 10);
  REQUIRE(suite.tests.size() == 1);
  CHECK(suite.tests[0].kind == GradingTest::Kind::concurrency);
  CHECK(suite.tests[0].category == "implementation");
  CHECK(suite.tests[0].threads == 4);
  CHECK(suite.tests[0].rounds == 50);
  CHECK(suite.tests[0].config["max_concurrent"] == 3);
}

TEST_CASE("mistakes in categories are reported where they are, with what was expected") {
  SECTION("an unknown category, with the nearest name") {
    const auto e = errors_of(load(suite_with(rubric, bulkhead_test("b", R"(, "category": "implementaton")"))));
    CHECK_THAT(e, Catch::Contains("$.tests[0].category: \"implementaton\" is not one of the suite's categories") &&
                      Catch::Contains("did you mean \"implementation\""));
  }
  SECTION("a test without one, when the suite has them") {
    CHECK_THAT(errors_of(load(suite_with(rubric, bulkhead_test("b", "")))),
               Catch::Contains("$.tests[0].category: missing required key"));
  }
  SECTION("a test with one, when the suite has none") {
    CHECK_THAT(errors_of(load(suite_with(R"("description": "x")", bulkhead_test("b", R"(, "category": "implementation")")))),
               Catch::Contains("the suite has no \"categories\""));
  }
  SECTION("a weight that is not above 0") {
    CHECK_THAT(errors_of(load(suite_with(R"("categories": {"implementation": 0})", bulkhead_test("b", R"(, "category": "implementation")")))),
               Catch::Contains("$.categories.implementation: found 0, expected a weight: a number above 0"));
  }
}

TEST_CASE("a concurrency test is refused where it could not tell a right pattern from a wrong one") {
  const auto with = [](const std::string& test) { return errors_of(load(suite_with(R"("description": "x")", test))); };
  CHECK_THAT(with(R"({"name": "b", "kind": "concurrency", "pattern": "bulkhead", "points": 1, "feedback": "f",
                     "pipeline": {"bulkhead": {"max_concurrent": 3, "max_queue": 4}}})"),
             Catch::Contains("needs \"max_queue\": 0"));
  CHECK_THAT(with(R"({"name": "c", "kind": "concurrency", "pattern": "circuit_breaker", "points": 1, "feedback": "f",
                     "threads": 4, "pipeline": {"circuit_breaker": {"half_open_calls": 4}}})"),
             Catch::Contains("$.tests[0].threads: 4 threads against half_open_calls 4"));
  CHECK_THAT(with(R"({"name": "t", "kind": "concurrency", "pattern": "timeout", "points": 1, "feedback": "f",
                     "pipeline": {"timeout": {"after": "1s"}}})"),
             Catch::Contains("\"timeout\" has no concurrency workload, expected bulkhead, circuit_breaker or retry_budget"));
  CHECK_THAT(with(bulkhead_test("b", R"(, "threads": 1)")), Catch::Contains("$.tests[0].threads"));
}

TEST_CASE("each category's points are scaled to its weight, and one without tests is graded by hand and left out") {
  const GradingSuite suite = two_part_suite();
  const SubmissionGrade g = graded(suite, {result("a", "implementation", 5, 5), result("b", "implementation", 0, 15),
                                           result("c", "failure_handling", 3, 6), result("d", "performance", 4, 4)});
  REQUIRE(g.categories.size() == 4);
  CHECK(g.categories[0].score == Approx(10));  // 5 of 20 points x 40
  CHECK(g.categories[1].score == Approx(15));  // 3 of 6 x 30
  CHECK(g.categories[2].by_hand);
  CHECK(g.categories[3].score == Approx(10));
  CHECK(g.score == Approx(35));
  CHECK(g.max_score == 80);  // design's 20 is the instructor's
}

TEST_CASE("a category none of whose tests applies to the submission stays out of its score") {
  GradingSuite suite = two_part_suite();
  const SubmissionGrade g = graded(suite, {result("a", "implementation", 5, 5), result("b", "implementation", 15, 15),
                                           result("c", "failure_handling", 6, 6), result("d", "performance", 0, 0)});
  CHECK_FALSE(g.categories[3].by_hand);
  CHECK(g.score == Approx(70));
  CHECK(g.max_score == 70);
}

TEST_CASE("without categories, the score is the points") {
  GradingSuite suite = two_part_suite();
  suite.categories.clear();
  const SubmissionGrade g = graded(suite, {result("a", "", 5, 5), result("b", "", 1, 15)});
  CHECK(g.categories.empty());
  CHECK(g.score == 6);
  CHECK(g.max_score == 20);
}

TEST_CASE("Gradescope's results.json tags each test with its category and scales it so the tests add up to the score") {
  const GradingSuite suite = two_part_suite();
  const SubmissionGrade g = graded(suite, {result("a", "implementation", 5, 5), result("b", "implementation", 0, 15),
                                           result("c", "failure_handling", 3, 6), result("d", "performance", 4, 4)});
  const json out = json::parse(gradescope_json(g, suite));
  CHECK(out["score"].get<double>() == Approx(35));
  double sum = 0;
  for (const auto& t : out["tests"]) sum += t["score"].get<double>();
  CHECK(sum == Approx(35));
  CHECK(out["tests"][0]["tags"] == json::array({"implementation"}));
  CHECK(out["tests"][0]["max_score"].get<double>() == Approx(10));  // 5 of implementation's 20 points, of 40
  CHECK(out["tests"][0]["extra_data"]["points"] == 5);
  CHECK_THAT(out["output"].get<std::string>(), Catch::Contains("Graded by hand, not in this score: design (20)"));
  CHECK(out["extra_data"]["categories"][2]["by_hand"] == true);
  CHECK(out["extra_data"]["categories"][2]["score"].is_null());
}

TEST_CASE("the gradebook has a column per category, the one graded by hand left empty, then the weighted total") {
  const GradingSuite suite = two_part_suite();
  const SubmissionGrade g = graded(suite, {result("a", "implementation", 5, 5), result("b", "implementation", 0, 15),
                                           result("c", "failure_handling", 3, 6), result("d", "performance", 4, 4)});
  const std::string csv = gradebook_csv(suite, {g});
  CHECK_THAT(csv, Catch::StartsWith("submission,language,a,b,c,d,implementation (40),failure_handling (30),"
                                    "\"design (20, by hand)\",performance (10),total,max_score\n"));
  CHECK_THAT(csv, Catch::Contains("alice,cpp,5,0,3,4,10,15,,10,35,80\n"));
}

TEST_CASE("the console and the student's page show the score per category") {
  const GradingSuite suite = two_part_suite();
  const SubmissionGrade g = graded(suite, {result("a", "implementation", 5, 5), result("b", "implementation", 0, 15),
                                           result("c", "failure_handling", 3, 6), result("d", "performance", 4, 4)});
  const std::string table = console_table(g);
  CHECK_THAT(table, Catch::Contains("implementation") && Catch::Contains("5 of 20 points") && Catch::Contains("graded by hand"));
  const std::string html = feedback_html(suite, g, Audience::student);
  CHECK_THAT(html, Catch::Contains("<tr><td>design</td><td>20</td><td>graded by hand</td></tr>"));
  CHECK_THAT(html, Catch::Contains("<tr><td>implementation</td><td>40</td><td>10</td></tr>"));
}
