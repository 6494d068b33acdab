// Bad profiles and bursts: each message names the path, what was found and
// what was expected; a CSV's problems name its file and line too.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"

using namespace chaossim::scenarios;
namespace fs = std::filesystem;

namespace {

std::string with_arrival(const std::string& arrival) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "t", "duration": "60s",
    "services": [{{"name": "api", "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {}}}]}})",
                     arrival);
}

std::string all(const LoadResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.format() + "\n";
  return out;
}

// The one error of loading `arrival`, with `csv` written as rates.csv beside the scenario.
Diagnostic error_of(const std::string& arrival, const std::string& csv = "") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("chaossim-profile-errors-{}", ::getpid());
  fs::create_directories(dir);
  if (!csv.empty()) std::ofstream(dir / "rates.csv") << csv;
  std::ofstream(dir / "s.json") << with_arrival(arrival);
  const auto r = load_scenario_file((dir / "s.json").string());
  fs::remove_all(dir);
  INFO(all(r));
  REQUIRE(r.errors.size() == 1);
  return r.errors.front();
}

const std::string csv_arrival = R"({"process": "poisson", "profile": {"file": "rates.csv"}})";

}  // namespace

TEST_CASE("a CSV profile's bad row is named by file and line") {
  auto e = error_of(csv_arrival, "time,rate\n0,10\n30,ten\n");
  CHECK(e.path == "$.clients[0].arrival.profile.file");
  CHECK_THAT(e.message, Catch::StartsWith("rates.csv:3: found \"30,ten\", expected a rate of 0 or more"));
  e = error_of(csv_arrival, "0,10\n20,5\n10,5\n");
  CHECK_THAT(e.message, Catch::StartsWith("rates.csv:3:") && Catch::Contains("increasing order of time"));
  e = error_of(csv_arrival, "5,10\n");
  CHECK_THAT(e.message, Catch::Contains("the first row at time 0"));
  e = error_of(csv_arrival, "0,10,3\n");
  CHECK_THAT(e.message, Catch::Contains("two columns"));
  e = error_of(csv_arrival, "0,0\n10,0\n");
  CHECK_THAT(e.message, Catch::Contains("every rate is 0"));
}

TEST_CASE("a missing profile file or a folder in its place is refused without being read") {
  auto e = error_of(csv_arrival);
  CHECK_THAT(e.message, Catch::Contains("rates.csv: no such file"));
  e = error_of(R"({"process": "poisson", "profile": {"file": "."}})");
  CHECK_THAT(e.message, Catch::Contains("not a regular file"));
}

TEST_CASE("a profile takes points or a file, from time 0, and a period past its last point") {
  auto e = error_of(R"({"process": "poisson", "profile": {"points": [{"at": "5s", "rate": "1/s"}]}})");
  CHECK(e.path == "$.clients[0].arrival.profile.points[0].at");
  CHECK_THAT(e.message, Catch::Contains("expected the first point at \"0s\""));
  e = error_of(R"({"process": "poisson", "profile": {"points": [{"at": "0s", "rate": "1/s"}, {"at": "30s", "rate": "2/s"}], "period": "30s"}})");
  CHECK(e.path == "$.clients[0].arrival.profile.period");
  CHECK_THAT(e.message, Catch::Contains("expected a period longer than the time of the last point (30s)"));
  e = error_of(R"({"process": "poisson", "profile": {}})");
  CHECK_THAT(e.message, Catch::Contains("expected either \"points\" or \"file\""));
  e = error_of(R"({"process": "poisson", "rate": "5/s", "profile": {"points": [{"at": "0s", "rate": "1/s"}]}})");
  CHECK(e.path == "$.clients[0].arrival.rate");
  CHECK_THAT(e.message, Catch::Contains("a profile gives the rate"));
  e = error_of(R"({"process": "constant", "profile": {"points": [{"at": "0s", "rate": "0/s"}, {"at": "5s", "rate": "1/s"}]}})");
  CHECK_THAT(e.message, Catch::Contains("use \"poisson\""));
}

TEST_CASE("bursts belong to open loops and to the run's time") {
  auto e = error_of(R"({"process": "closed", "users": 2, "bursts": [{"at": "1s", "requests": 5}]})");
  CHECK(e.path == "$.clients[0].arrival.bursts");
  e = error_of(R"({"process": "poisson", "rate": "1/s", "bursts": [{"at": "60s", "requests": 5}]})");
  CHECK(e.path == "$.clients[0].arrival.bursts[0].at");
  CHECK_THAT(e.message, Catch::Contains("expected a time within the run"));
  e = error_of(R"({"process": "poisson", "rate": "1/s", "bursts": [{"at": "1s", "requests": 0}]})");
  CHECK(e.path == "$.clients[0].arrival.bursts[0].requests");
}
