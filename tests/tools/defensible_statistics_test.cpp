// Statistics a user can defend, as a user meets them: SLO verdicts from
// confidence intervals (an objective inside the interval is inconclusive:
// exit 0 and said so, or exit 1 with --inconclusive-fails), and warnings of
// too few replications and of a warmup shorter than the start-up transient.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Run = cli::CliRun;

Run chaossim(const std::string& args) { return cli::run(args); }

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An M/M/2 at 70% load, five replications of 20 s.
std::string scenario(const std::string& p95_objective) {
  return R"({"schema": "chaossim/scenario/v1", "name": "verdicts", "duration": "20s", "replications": 5, "seed": 3,
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "140/s"}}],
    "slo": {"client": "c", "latency": {"p95": ")" + p95_objective + R"("}}})";
}

struct Folder {
  fs::path dir;
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "defensible-statistics-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  ~Folder() { fs::remove_all(dir); }
  Run run(const std::string& name, const std::string& objective, const std::string& extra = "") const {
    std::ofstream(dir / (name + ".json")) << scenario(objective);
    return chaossim("run " + (dir / (name + ".json")).string() + " --out " + (dir / name).string() + " --junit " +
                    (dir / (name + ".xml")).string() + extra);
  }
  json results(const std::string& name) const { return json::parse(read(dir / name / "results.json")); }
};

}  // namespace

TEST_CASE("an SLO whose interval straddles its objective is inconclusive: exit 0 and said, exit 1 if asked") {
  const Folder f;
  const auto loose = f.run("loose", "1s");
  INFO(loose.output);
  REQUIRE(loose.exit_code == 0);
  const auto r = f.results("loose");
  const auto& check = r["slo"]["checks"][0];
  CHECK(check["verdict"] == "met");
  CHECK(r["slo"]["verdict"] == "met");
  // The interval of the p95 over replications, beside it in the client's figures.
  const double p95 = r["clients"]["c"]["success_latency_ms"]["p95"].get<double>();
  const auto ci = r["clients"]["c"]["success_latency_ms_ci95"]["p95"];
  REQUIRE(ci.is_array());
  CHECK(ci[0].get<double>() < p95);
  CHECK(ci[1].get<double>() > p95);
  CHECK(check["ci95"] == ci);

  // The objective at the figure itself: its interval straddles it.
  const auto at = f.run("at", fmt::format("{:.4f}ms", p95));
  INFO(at.output);
  CHECK(at.exit_code == 0);
  CHECK(f.results("at")["slo"]["verdict"] == "inconclusive");
  CHECK(f.results("at")["slo"]["met"] == false);
  CHECK_THAT(at.output, Catch::Contains("inconclusive") && Catch::Contains("95% CI"));
  CHECK_THAT(read(f.dir / "at.xml"), Catch::Contains("<skipped message=\"latency_p95_ms: inconclusive"));
  CHECK(f.run("at-strict", fmt::format("{:.4f}ms", p95), " --inconclusive-fails --quiet").exit_code == 1);

  // Well below every replication's: not met.
  const auto tight = f.run("tight", fmt::format("{:.4f}ms", p95 / 2), " --quiet");
  CHECK(tight.exit_code == 1);
  CHECK(f.results("tight")["slo"]["verdict"] == "not_met");
  CHECK_THAT(read(f.dir / "tight.xml"), Catch::Contains("<failure message=\"latency_p95_ms"));
}

namespace {

// One worker of 8 ms at 100/s, which starts with a backlog of 1,500 requests
// (a burst at 0 s): it drains at 25/s, and latency falls back to its M/M/1
// mean of 40 ms some 60 s in.
std::string backlog(const std::string& warmup) {
  return R"({"schema": "chaossim/scenario/v1", "name": "backlog", "duration": "300s", "warmup": ")" + warmup + R"(",
    "replications": 5, "seed": 4,
    "services": [{"name": "api", "workers": 1, "service_time": {"dist": "exponential", "mean": "8ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "100/s",
      "bursts": [{"at": "0s", "requests": 1500}]}}]})";
}

}  // namespace

TEST_CASE("a warmup shorter than the start-up transient is warned of, with the warmup to set") {
  const Folder f;
  std::ofstream(f.dir / "cold.json") << backlog("0s");
  const auto cold = chaossim("run " + (f.dir / "cold.json").string() + " --out " + (f.dir / "cold").string());
  INFO(cold.output);
  REQUIRE(cold.exit_code == 0);
  const auto warnings = json::parse(read(f.dir / "cold" / "results.json"))["warnings"];
  REQUIRE(warnings.size() == 1);
  const std::string warning = warnings[0].get<std::string>();
  CHECK_THAT(warning, Catch::Contains("MSER-5") && Catch::Contains("set \"warmup\""));
  CHECK_THAT(cold.output, Catch::Contains("warning: warm-up"));
  // Where it says the run settles: after the backlog has drained.
  const auto at = warning.find("settles after about ");
  REQUIRE(at != std::string::npos);
  const double settles = std::stod(warning.substr(at + 20));
  CHECK(settles >= 40);
  CHECK(settles <= 120);

  std::ofstream(f.dir / "warm.json") << backlog(fmt::format("{:g}s", settles + 10));
  const auto warm = chaossim("run " + (f.dir / "warm.json").string() + " --quiet --out " + (f.dir / "warm").string());
  REQUIRE(warm.exit_code == 0);
  CHECK(json::parse(read(f.dir / "warm" / "results.json"))["warnings"].empty());

  // Two replications: intervals, but few to rest on.
  const auto two = chaossim("run " + (f.dir / "warm.json").string() + " --quiet --replications 2 --out " + (f.dir / "two").string());
  REQUIRE(two.exit_code == 0);
  CHECK_THAT(json::parse(read(f.dir / "two" / "results.json"))["warnings"][0].get<std::string>(),
             Catch::StartsWith("2 replications: confidence intervals from fewer than 5"));
}

TEST_CASE("a target interval (--target-ci) adds replications until the interval is as narrow as asked, the same ones every time") {
  const Folder f;
  std::ofstream(f.dir / "mm2.json") << scenario("1s");
  const std::string run = "run " + (f.dir / "mm2.json").string() + " --quiet --replications 2 --target-ci p95=5%";
  const auto first = chaossim(run + " --out " + (f.dir / "a").string());
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  const auto r = f.results("a");
  // From five at least (an estimate of the spread needs a few), then as many as the spread asks for.
  const int replications = r["replications"].get<int>();
  CHECK(replications > 5);
  const double p95 = r["clients"]["c"]["success_latency_ms"]["p95"].get<double>();
  const auto ci = r["clients"]["c"]["success_latency_ms_ci95"]["p95"];
  CHECK((ci[1].get<double>() - ci[0].get<double>()) / 2 <= 0.05 * p95);
  CHECK(r["warnings"].empty());
  REQUIRE(chaossim(run + " --out " + (f.dir / "b").string()).exit_code == 0);
  CHECK(read(f.dir / "a" / "results.json") == read(f.dir / "b" / "results.json"));

  // Narrower than half a histogram bin cannot be: said, not chased to --max-replications.
  const auto fine = chaossim("run " + (f.dir / "mm2.json").string() + " --quiet --target-ci p95=0.01ms --out " + (f.dir / "c").string());
  REQUIRE(fine.exit_code == 0);
  const auto c = f.results("c");
  CHECK(c["replications"].get<int>() < 200);
  CHECK_THAT(c["warnings"].back().get<std::string>(), Catch::Contains("is narrower than"));

  const auto bad = chaossim("run " + (f.dir / "mm2.json").string() + " --target-ci p97=1ms --out " + (f.dir / "d").string());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("expected FIGURE=HALF_WIDTH"));
  CHECK(chaossim("run " + (f.dir / "mm2.json").string() + " --target-ci p99=-3ms --out " + (f.dir / "d").string()).exit_code == 2);
}
