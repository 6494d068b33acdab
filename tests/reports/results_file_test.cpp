// A results.json that `report` or `compare` reads: whatever its bytes, a
// ResultsFileError naming the file and the place, never an abort.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "reports/results_file.hpp"

using namespace chaossim::reports;
namespace fs = std::filesystem;

namespace {

fs::path results_with(const std::string& text) {
  std::string pattern = (fs::temp_directory_path() / "results-file-XXXXXX").string();
  const fs::path dir = ::mkdtemp(pattern.data());
  std::ofstream(dir / "results.json") << text;
  return dir / "results.json";
}

std::string error_reading(const std::string& text) {
  const fs::path file = results_with(text);
  std::string message;
  try {
    read_results_file(file);
  } catch (const ResultsFileError& e) {
    message = e.what();
  }
  fs::remove_all(file.parent_path());
  return message;
}

}  // namespace

TEST_CASE("a number beyond a double in a results.json is an error at its line, not an abort") {
  const std::string message = error_reading("{\n\"schema\": \"chaossim/results/v1\",\n\"seed\": 1e400\n}\n");
  CHECK_THAT(message, Catch::Contains("results.json:3:9: error: $: the number 1e400 is beyond what a double holds"));
}

TEST_CASE("a results.json of another schema, or nested without end, is refused with the file named") {
  CHECK_THAT(error_reading("{\"schema\": \"other\"}"), Catch::Contains("results.json: error: $.schema: expected \"chaossim/results/v1\""));
  CHECK_THAT(error_reading(std::string(100000, '[')), Catch::Contains("nested more than 64 levels deep"));
  CHECK_THAT(error_reading("{\"schema\": "), Catch::Contains("invalid JSON"));
}

TEST_CASE("a results.json with no variant, or missing what report reads, is refused rather than rendered empty") {
  CHECK_THAT(error_reading(R"({"schema": "chaossim/results/v1", "scenario": "s", "variants": {}})"),
             Catch::Contains("$.variants: expected one results object per variant, found none"));
  CHECK_THAT(error_reading(R"({"schema": "chaossim/results/v1", "scenario": "s", "variants": {"base": {"scenario": "s"}}})"),
             Catch::Contains("$.variants.base.replications: expected a count of 1 or more"));
  CHECK_THAT(error_reading(R"({"schema": "chaossim/results/v1", "scenario": "s", "replications": 2, "duration_s": 1,
                               "warmup_s": 0, "bucket_s": 1, "clients": []})"),
             Catch::Contains("$.clients: expected an object"));
}
