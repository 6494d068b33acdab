// The sweep file: its values and designs, its points as scenarios, and its
// mistakes reported as a scenario's are (path, line, did-you-mean), a
// parameter path the scenario lacks among them.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <catch2/catch.hpp>

#include "scenarios/loader.hpp"
#include "scenarios/sweep/sweep_design.hpp"
#include "scenarios/sweep/sweep_file.hpp"
#include "scenarios/sweep/sweep_points.hpp"

using namespace chaossim::scenarios;
namespace fs = std::filesystem;

namespace {

const char* base_scenario = R"({
  "schema": "chaossim/scenario/v1",
  "name": "shop",
  "seed": 7,
  "duration": "20s",
  "replications": 2,
  "services": [{"name": "api", "workers": 4, "service_time": {"dist": "exponential", "mean": "5ms"}}],
  "clients": [{"name": "users", "target": "api", "arrival": {"process": "poisson", "rate": "100/s"}}],
  "pipelines": {"api-policy": {"retry": {"max_attempts": 3, "budget": {"ratio": 0.1}}}},
  "variants": {"slow": {"services": [{"name": "api", "workers": 4, "service_time": {"dist": "exponential", "mean": "9ms"}}]}}
})";

// A folder with the base scenario, where sweep files are read from.
fs::path folder() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / fs::path("chaossim-sweep-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    std::ofstream(d / "shop.json") << base_scenario;
    return d;
  }();
  return dir;
}

std::string sweep_with(const std::string& parameters, const std::string& extra = "") {
  return "{\n"
         "  \"schema\": \"chaossim/sweep/v1\",\n"
         "  \"name\": \"s\",\n"
         "  \"scenario\": \"shop.json\",\n"
         "  \"parameters\": " + parameters + extra + "\n"
         "}\n";
}

const std::string two_parameters = R"([
    {"path": "$.services[0].workers", "values": [2, 4, 8]},
    {"path": "$.pipelines.api-policy.retry.budget.ratio", "range": {"from": 0.0, "to": 0.3, "step": 0.1}}
  ])";

SweepFile loaded(const std::string& text) {
  auto r = load_sweep_text(text, (folder() / "sweep.json").string());
  INFO([&] {
    std::string all;
    for (const auto& e : r.errors) all += e.format() + "\n";
    return all;
  }());
  REQUIRE(r.sweep);
  return *r.sweep;
}

Diagnostic only_error(const std::string& text) {
  auto r = load_sweep_text(text, (folder() / "sweep.json").string());
  INFO([&] {
    std::string all;
    for (const auto& e : r.errors) all += e.format() + "\n";
    return all;
  }());
  REQUIRE_FALSE(r.sweep);
  REQUIRE(r.errors.size() == 1);
  return r.errors.front();
}

}  // namespace

TEST_CASE("a range is stepped without rounding noise and a grid varies its last parameter fastest") {
  const auto sweep = loaded(sweep_with(two_parameters));
  REQUIRE(sweep.parameters.size() == 2);
  const auto& ratio = sweep.parameters[1].values.grid;
  REQUIRE(ratio.size() == 4);
  CHECK(ratio[3].dump() == "0.3");  // not 0.30000000000000004
  const auto points = design_points(sweep);
  REQUIRE(points.size() == 12);
  CHECK(points[0][0] == 2);
  CHECK(points[1][0] == 2);
  CHECK(points[1][1].dump() == "0.1");
  CHECK(points[4][0] == 4);
  CHECK(points[4][1].dump() == "0.0");
  CHECK(points[11][0] == 8);
  CHECK(points[11][1].dump() == "0.3");
  // The sweep's seed and replications default to the scenario's.
  CHECK(sweep.seed == 7);
  CHECK(sweep.replications == 2);
}

TEST_CASE("an integer range gives integers and a log range numbers with their unit") {
  const auto sweep = loaded(sweep_with(R"([
    {"path": "$.services[0].workers", "range": {"from": 1, "to": 10, "step": 3}},
    {"path": "$.clients[0].arrival.rate", "log_range": {"from": 100, "to": 10000, "points": 5, "unit": "/s"}}
  ])"));
  const auto& workers = sweep.parameters[0].values.grid;
  REQUIRE(workers.size() == 4);
  CHECK(workers[3].is_number_integer());
  CHECK(workers[3] == 10);
  const auto& rates = sweep.parameters[1].values.grid;
  REQUIRE(rates.size() == 5);
  CHECK(rates[0] == "100/s");
  CHECK(rates[1] == "316.228/s");
  CHECK(rates[2] == "1000/s");
  CHECK(rates[4] == "10000/s");
}

TEST_CASE("point ids sort and widen past ten thousand points") {
  CHECK(point_id(0, 12) == "p0000");
  CHECK(point_id(9999, 10000) == "p9999");
  CHECK(point_id(0, 10001) == "p00000");
  CHECK(point_id(12345, 200000) == "p012345");
}

TEST_CASE("a Latin hypercube uses each stratum of each parameter once and is the same for the same seed") {
  const std::string list = R"([{"path": "$.services[0].workers", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},
                               {"path": "$.pipelines.api-policy.retry.max_attempts", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}])";
  const auto sweep = loaded(sweep_with(list, R"(, "design": {"kind": "latin_hypercube", "points": 10, "seed": 3})"));
  const auto points = design_points(sweep);
  REQUIRE(points.size() == 10);
  for (std::size_t p = 0; p < 2; ++p) {
    std::set<int> used;
    for (const auto& point : points) used.insert(point[p].get<int>());
    CHECK(used.size() == 10);  // ten strata, ten values: each exactly once
  }
  CHECK(design_points(sweep) == points);
  const auto other = loaded(sweep_with(list, R"(, "design": {"kind": "latin_hypercube", "points": 10, "seed": 4})"));
  CHECK(design_points(other) != points);
}

TEST_CASE("random points keep to a range's steps and a log range's span") {
  const auto sweep = loaded(sweep_with(R"([
    {"path": "$.pipelines.api-policy.retry.budget.ratio", "range": {"from": 0.0, "to": 0.5, "step": 0.25}},
    {"path": "$.clients[0].arrival.rate", "log_range": {"from": 10, "to": 1000, "points": 3, "unit": "/s"}}
  ])", R"(, "design": {"kind": "random", "points": 200, "seed": 1})"));
  const auto points = design_points(sweep);
  REQUIRE(points.size() == 200);
  std::set<std::string> ratios;
  for (const auto& point : points) {
    ratios.insert(point[0].dump());
    const double rate = std::stod(point[1].get<std::string>());
    CHECK(rate >= 10);
    CHECK(rate <= 1000);
  }
  CHECK(ratios == std::set<std::string>{"0.0", "0.25", "0.5"});
}

TEST_CASE("a point is the base with its values set, the sweep's seed and replications, and no variants") {
  const auto sweep = loaded(sweep_with(two_parameters, R"(, "variant": "slow", "seed": 99, "replications": 4)"));
  const auto document = point_document(sweep, {8, 0.2});
  CHECK(document["seed"] == 99);
  CHECK(document["replications"] == 4);
  CHECK_FALSE(document.contains("variants"));
  CHECK(document["services"][0]["workers"] == 8);
  CHECK(document["services"][0]["service_time"]["mean"] == "9ms");  // the variant's patch
  CHECK(document["pipelines"]["api-policy"]["retry"]["budget"]["ratio"] == 0.2);
  const auto read = load_scenario_text(place_point(sweep, document).text, "p.json");
  REQUIRE(read.scenarios);
  CHECK(read.scenarios->base.seed == 99);
  CHECK(point_problems(sweep, "p0000", {8, 0.2}, document).empty());
}

TEST_CASE("a value the scenario refuses names the point, its values and the scenario's complaint") {
  const auto sweep = loaded(sweep_with(R"([{"path": "$.pipelines.api-policy.retry.budget.ratio", "values": [0.5, 7]}])"));
  const auto problems = point_problems(sweep, "p0001", {7}, point_document(sweep, {7}));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].position.line == 5);
  CHECK_THAT(problems[0].message, Catch::Contains("point p0001 ($.pipelines.api-policy.retry.budget.ratio = 7)") &&
                                      Catch::Contains("$.pipelines[\"api-policy\"].retry.budget.ratio"));
}

TEST_CASE("a rate profile file is copied beside a point, under its own name") {
  const fs::path examples = fs::path(CHAOSSIM_SOURCE_DIR) / "scenarios" / "examples";
  const std::string text = "{\"schema\": \"chaossim/sweep/v1\", \"name\": \"d\", \"scenario\": \"" + (examples / "diurnal-load.json").string() +
                           "\", \"parameters\": [{\"path\": \"$.duration\", \"values\": [\"1h\"]}]}";
  auto r = load_sweep_text(text, (folder() / "d.json").string());
  REQUIRE(r.sweep);
  const auto placed = place_point(*r.sweep, point_document(*r.sweep, {"1h"}));
  REQUIRE(placed.beside.size() == 1);
  CHECK(placed.beside[0].first == "diurnal-load.csv");
  CHECK(placed.beside[0].second == (examples / "diurnal-load.csv").lexically_normal().string());
}

TEST_CASE("a parameter path the scenario does not have is an error at its line with a did-you-mean") {
  const auto e = only_error(sweep_with(R"([{"path": "$.pipelines.api-policy.retry.budget.ration", "values": [0.1]}])"));
  CHECK(e.path == "$.parameters[0].path");
  CHECK(e.position.line == 5);
  CHECK_THAT(e.message, Catch::Contains("no \"ration\"") && Catch::Contains("did you mean \"ratio\"?"));
  const auto index = only_error(sweep_with(R"([{"path": "$.services[3].workers", "values": [1]}])"));
  CHECK_THAT(index.message, Catch::Contains("$.services has 1 element: there is no [3]"));
}

TEST_CASE("bad parameters are refused before anything runs") {
  CHECK_THAT(only_error(sweep_with(R"([{"path": "services[0].workers", "values": [1]}])")).message,
             Catch::Contains("starting with \"$\""));
  CHECK_THAT(only_error(sweep_with(R"([{"path": "$.seed", "values": [1, 2]}])")).message, Catch::Contains("the sweep's own"));
  CHECK_THAT(only_error(sweep_with(R"([{"path": "$.services[0]", "values": [1]}, {"path": "$.services[0].workers", "values": [1]}])")).message,
             Catch::Contains("another parameter already sets"));
  CHECK_THAT(only_error(sweep_with(R"([{"path": "$.services[0].workers", "values": [1], "range": {"from": 1, "to": 2, "step": 1}}])")).message,
             Catch::Contains("exactly one of"));
  CHECK_THAT(only_error(sweep_with(R"([{"path": "$.services[0].workers", "range": {"from": 0, "to": 1, "step": 1e-9}}])")).message,
             Catch::Contains("makes more than 1000000 values"));
  CHECK_THAT(only_error(sweep_with(R"([{"path": "$.services[0].workers", "values": []}])")).message,
             Catch::Contains("expected a non-empty array"));
}

TEST_CASE("an unknown key, variant or design gets a did-you-mean at its place") {
  const auto key = only_error(sweep_with(two_parameters, R"(, "replicatons": 3)"));
  CHECK(key.path == "$.replicatons");
  CHECK_THAT(key.message, Catch::Contains("did you mean \"replications\"?"));
  CHECK_THAT(only_error(sweep_with(two_parameters, R"(, "variant": "slw")")).message, Catch::Contains("did you mean \"slow\"?"));
  CHECK_THAT(only_error(sweep_with(two_parameters, R"(, "design": {"kind": "latin-hypercube", "points": 5})")).message,
             Catch::Contains("did you mean \"latin_hypercube\"?"));
  CHECK_THAT(only_error(sweep_with(two_parameters, R"(, "design": {"kind": "bisect", "metric": "x", "threshold": 1, "precision": 1})")).message,
             Catch::Contains("expected exactly one for a bisect design"));
}

TEST_CASE("a base scenario that cannot be read is named") {
  auto r = load_sweep_text("{\"schema\": \"chaossim/sweep/v1\", \"name\": \"s\", \"scenario\": \"nowhere.json\", \"parameters\": "
                           "[{\"path\": \"$.duration\", \"values\": [\"1s\"]}]}",
                           (folder() / "sweep.json").string());
  REQUIRE_FALSE(r.sweep);
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].path == "$.scenario");
  CHECK_THAT(r.errors[0].message, Catch::Contains("nowhere.json"));
}

TEST_CASE("without metrics a sweep reports the first client's availability and successes' p99") {
  const auto sweep = loaded(sweep_with(two_parameters));
  CHECK(sweep.metrics == std::vector<std::string>{"clients.users.availability", "clients.users.success_latency_ms.p99"});
}
