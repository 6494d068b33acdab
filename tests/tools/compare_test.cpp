// chaossim compare, as a user runs it.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

int chaossim(const std::string& args) {
  const std::string command = std::string(CHAOSSIM_BINARY) + " " + args + " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

json read_json(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("chaossim-compare-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const json& row(const json& compare, const std::string& metric) {
  for (const auto& r : compare["metrics"])
    if (r["metric"] == metric) return r;
  FAIL("no row " << metric);
  return compare;
}

double width(const json& interval) { return interval[1].get<double>() - interval[0].get<double>(); }

}  // namespace

TEST_CASE("compare ranks the retry storm's remedies above the base, with significant paired differences") {
  const fs::path dir = temp_dir("storm");
  REQUIRE(chaossim(std::string("compare ") + CHAOSSIM_SOURCE_DIR "/scenarios/examples/retry-storm.json --replications 2 --quiet --out " +
                   dir.string()) == 0);
  const json c = read_json(dir / "compare.json");
  CHECK(c["schema"] == "chaossim/compare/v1");
  CHECK(c["baseline"] == "base");
  CHECK(c["variants"] == json({"base", "retry-budget", "breaker", "no-retry"}));
  const auto& availability = row(c, "clients.users.availability");
  CHECK(availability["better"] == "higher");
  for (const char* v : {"retry-budget", "breaker", "no-retry"}) {
    INFO(v);
    CHECK(availability["values"][v].get<double>() > availability["values"]["base"].get<double>());
    CHECK(availability["diff"][v]["significant"] == true);
    CHECK(availability["diff"][v]["ci95"][0].get<double>() > 0);
  }
  CHECK(availability["best"] != nullptr);
  CHECK(availability["best"] != "base");

  // compare.html: the table, the overlaid charts and the recovery bars, self-contained.
  std::ifstream in(dir / "compare.html");
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("http") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  for (const char* chart : {"compare-availability", "compare-p99", "compare-recovery"}) {
    INFO(chart);
    CHECK(html.find(std::string("id=\"chart-") + chart + "\"") != std::string::npos);
  }
  CHECK(html.find("clients.users.availability") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("compare finds no significant difference between identical variants") {
  const fs::path dir = temp_dir("same");
  std::ofstream(dir / "s.json") << R"({"schema": "chaossim/scenario/v1", "name": "same", "duration": "30s", "replications": 4,
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "deadline": "30ms", "arrival": {"process": "poisson", "rate": "150/s"}}],
    "variants": {"again": {"description": "the same scenario"}}})";
  REQUIRE(chaossim("compare " + (dir / "s.json").string() + " --quiet --out " + (dir / "out").string()) == 0);
  const json c = read_json(dir / "out" / "compare.json");
  for (const auto& r : c["metrics"]) {
    INFO(r["metric"]);
    CHECK(r["diff"]["again"]["significant"] == false);
    CHECK(r["best"] == nullptr);
  }
  fs::remove_all(dir);
}

TEST_CASE("with common random numbers the paired interval is narrower than the unpaired one") {
  // A 5% slower service: every replication of both variants sees the same
  // arrivals and the same work drawn, so their latencies move together.
  const fs::path dir = temp_dir("crn");
  std::ofstream(dir / "s.json") << R"({"schema": "chaossim/scenario/v1", "name": "crn", "duration": "60s", "replications": 8,
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "150/s"}}],
    "variants": {"slower": {"services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": "10.5ms"}}]}}})";
  REQUIRE(chaossim("compare " + (dir / "s.json").string() + " --quiet --out " + (dir / "out").string()) == 0);
  const json c = read_json(dir / "out" / "compare.json");
  for (const char* metric : {"clients.c.success_latency_ms.p50", "clients.c.success_latency_ms.p95"}) {
    INFO(metric);
    const auto& d = row(c, metric)["diff"]["slower"];
    CHECK(d["significant"] == true);
    CHECK(width(d["ci95"]) < width(d["unpaired_ci95"]) / 2);
  }
  fs::remove_all(dir);
}

TEST_CASE("compare takes results directories of the same seeds, and refuses unpaired ones") {
  const fs::path dir = temp_dir("dirs");
  std::ofstream(dir / "s.json") << R"({"schema": "chaossim/scenario/v1", "name": "d", "duration": "20s", "replications": 3,
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "150/s"}}]})";
  const std::string scenario = (dir / "s.json").string();
  REQUIRE(chaossim("run " + scenario + " --quiet --out " + (dir / "team-a").string()) == 0);
  REQUIRE(chaossim("run " + scenario + " --quiet --out " + (dir / "team-b").string()) == 0);
  // The folder holding the inputs is not an output folder: it is refused.
  CHECK(chaossim("compare " + (dir / "team-a").string() + " " + (dir / "team-b").string() + " --out " + dir.string()) == 2);
  REQUIRE(chaossim("compare " + (dir / "team-a").string() + " " + (dir / "team-b").string() + " --out " + (dir / "ab").string()) == 0);
  const json c = read_json(dir / "ab" / "compare.json");
  CHECK(c["variants"] == json({"team-a", "team-b"}));
  CHECK(row(c, "clients.c.availability")["diff"]["team-b"]["mean"] == 0.0);

  REQUIRE(chaossim("run " + scenario + " --quiet --seed 99 --out " + (dir / "team-c").string()) == 0);
  CHECK(chaossim("compare " + (dir / "team-a").string() + " " + (dir / "team-c").string() + " --out " + (dir / "ac").string()) == 2);
  CHECK(chaossim("compare " + (dir / "team-a").string()) == 2);  // one directory: nothing to compare
  fs::remove_all(dir);
}
