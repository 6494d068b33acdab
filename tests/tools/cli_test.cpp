// The chaossim binary as a user runs it.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "cli_run.hpp"

namespace fs = std::filesystem;

namespace {

using Run = cli::CliRun;

Run chaossim(const std::string& args) { return cli::run(args); }

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("chaossim-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

const std::string examples = std::string(CHAOSSIM_SOURCE_DIR) + "/scenarios/examples/";

}  // namespace

TEST_CASE("run writes results.json and prints a summary and twice gives the same bytes for any --jobs") {
  const fs::path dir = temp_dir("determinism");
  const auto first = chaossim("run " + examples + "mmc-queue.json --replications 3 --jobs 1 --out " + (dir / "a").string());
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.output, Catch::Contains("availability") && Catch::Contains("utilization") && Catch::Contains("results.json"));
  const auto second = chaossim("run " + examples + "mmc-queue.json --replications 3 --jobs 2 --out " + (dir / "b").string());
  REQUIRE(second.exit_code == 0);
  const std::string a = read(dir / "a" / "results.json"), b = read(dir / "b" / "results.json");
  CHECK(a.size() > 1000);
  CHECK(a == b);
  for (const char* file : {"timeseries.csv", "summary.md"}) {
    INFO(file);
    CHECK(read(dir / "a" / file) == read(dir / "b" / file));
  }
  fs::remove_all(dir);
}

TEST_CASE("all variants run unless --variant picks one") {
  const fs::path dir = temp_dir("variants");
  const auto all = chaossim("run " + examples + "checkout-cascade.json --replications 1 --out " + dir.string());
  INFO(all.output);
  REQUIRE(all.exit_code <= 1);
  const std::string results = read(dir / "results.json");
  CHECK_THAT(results, Catch::Contains("\"variants\"") && Catch::Contains("\"slow-payments\""));
  const auto one = chaossim("run " + examples + "checkout-cascade.json --replications 1 --variant slow-payments --out " + dir.string());
  CHECK_THAT(read(dir / "results.json"), !Catch::Contains("\"variants\"") && Catch::Contains("\"variant\": \"slow-payments\""));
  const auto bad = chaossim("run " + examples + "checkout-cascade.json --variant slow-payment --out " + dir.string());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("did you mean \"slow-payments\"?"));
  fs::remove_all(dir);
}

TEST_CASE("validate exits 0 for good files and 2 with positioned errors for bad ones") {
  CHECK(chaossim("validate " + examples + "mmc-queue.json " + examples + "payment-partition.json " + examples + "retry-storm.json").exit_code == 0);
  const fs::path dir = temp_dir("validate");
  fs::create_directories(dir);
  std::ofstream(dir / "bad.json") << "{\"schema\": \"chaossim/scenario/v1\",\n \"name\": \"x\", \"duraton\": \"1s\"}";
  const auto r = chaossim("validate " + (dir / "bad.json").string());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("bad.json:2:15: error: $.duraton: unknown key") && Catch::Contains("did you mean \"duration\"?"));
  CHECK_THAT(r.output, Catch::Contains("missing required key \"services\""));
  fs::remove_all(dir);
}

TEST_CASE("usage errors exit 2 and --help and --version exit 0") {
  CHECK(chaossim("").exit_code == 2);
  CHECK(chaossim("run").exit_code == 2);
  CHECK(chaossim("run x.json --jobs 0").exit_code == 2);
  CHECK(chaossim("frobnicate").exit_code == 2);
  CHECK(chaossim("--help").exit_code == 0);
  CHECK(chaossim("run --help").exit_code == 0);
  CHECK(chaossim("validate --help").exit_code == 0);
  const auto v = chaossim("--version");
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.output, Catch::StartsWith("chaossim "));
  CHECK(chaossim("run /nonexistent.json").exit_code == 2);
}

TEST_CASE("run exits 0 when every SLO check is met, 1 when one is not, and --junit writes one test case per check") {
  const fs::path dir = temp_dir("junit");
  fs::create_directories(dir);
  const fs::path scenario = dir / "slo.json";
  std::ofstream(scenario) << R"({"schema": "chaossim/scenario/v1", "name": "slo", "duration": "20s",
    "services": [{"name": "api", "workers": 4, "service_time": {"dist": "constant", "value": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "constant", "rate": "50/s"}}],
    "faults": [{"kind": "errors", "at": "5s", "for": "2s", "target": "api", "rate": 1.0}],
    "slo": {"client": "c", "availability": 0.8, "latency": {"p99": "50ms"}, "recovery": "3s"},
    "variants": {"strict": {"slo": {"availability": 0.95}}}})";
  const auto met = chaossim("run " + scenario.string() + " --variant base --quiet --out " + (dir / "a").string() +
                            " --junit " + (dir / "a.xml").string());
  CHECK(met.exit_code == 0);
  const std::string passing = read(dir / "a.xml");
  CHECK_THAT(passing, Catch::Contains(R"(tests="3" failures="0")"));
  CHECK_THAT(passing, Catch::Contains(R"(name="recovery_s")"));

  // 2 s of 20 fail: 90% is below the strict variant's 95%.
  const auto missed = chaossim("run " + scenario.string() + " --quiet --out " + (dir / "b").string() + " --junit " +
                               (dir / "b.xml").string());
  CHECK(missed.exit_code == 1);
  CHECK_THAT(missed.output, Catch::Contains("NOT MET"));
  const std::string failing = read(dir / "b.xml");
  CHECK_THAT(failing, Catch::Contains(R"(<testsuite name="slo / strict" tests="3" failures="1")"));
  CHECK_THAT(failing, Catch::Contains(R"(<failure message="availability: actual 0.8999, objective 0.95")"));
  fs::remove_all(dir);
}
