// compare pairs replications by seed only where that means something: other
// scenarios, durations or seeds are refused, with what differs, unless
// --unpaired asks for Welch intervals.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Outcome {
  int code;
  std::string errors;
};

Outcome chaossim(const fs::path& dir, const std::string& args) {
  const std::string command = std::string(CHAOSSIM_BINARY) + " " + args + " > /dev/null 2> " + (dir / "stderr.txt").string();
  const int status = std::system(command.c_str());
  std::ifstream in(dir / "stderr.txt");
  std::stringstream errors;
  errors << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, errors.str()};
}

std::string scenario(const std::string& name, const std::string& duration, const std::string& mean) {
  return R"({"schema": "chaossim/scenario/v1", "name": ")" + name + R"(", "duration": ")" + duration + R"(", "replications": 3,
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": ")" + mean + R"("}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "150/s"}}]})";
}

struct Folder {
  fs::path dir;
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "compare-pairing-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  ~Folder() { fs::remove_all(dir); }
  // Runs `text` (seed 7) into dir/<name>.
  void run(const std::string& name, const std::string& text) const {
    std::ofstream(dir / (name + ".json")) << text;
    REQUIRE(chaossim(dir, "run " + (dir / (name + ".json")).string() + " --seed 7 --quiet --out " + (dir / name).string()).code <= 1);
  }
  Outcome compare(const std::string& a, const std::string& b, const std::string& extra = "") const {
    return chaossim(dir, "compare " + (dir / a).string() + " " + (dir / b).string() + " --quiet --out " + (dir / "cmp").string() + extra);
  }
};

json read_json(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

}  // namespace

TEST_CASE("results of two different scenarios are refused, and compared unpaired with --unpaired") {
  Folder f;
  f.run("queue", scenario("queue", "20s", "10ms"));
  f.run("other", scenario("other", "20s", "10ms"));
  const Outcome refused = f.compare("queue", "other");
  CHECK(refused.code == 2);
  CHECK_THAT(refused.errors, Catch::Contains("cannot be paired replication by replication: scenario \"queue\" and \"other\""));
  CHECK_THAT(refused.errors, Catch::Contains("--unpaired"));

  REQUIRE(f.compare("queue", "other", " --unpaired").code == 0);
  const json c = read_json(f.dir / "cmp" / "compare.json");
  CHECK(c["paired"] == false);
  CHECK_THAT(c["notes"][0].get<std::string>(), Catch::Contains("compared unpaired"));
  for (const auto& r : c["metrics"]) {
    const auto& d = r["diff"]["other"];
    if (!d["mean"].is_null()) CHECK(d["ci95"] == d["unpaired_ci95"]);
  }
}

TEST_CASE("a 240 s run and an edited 100 s copy of the same name and seed are refused, naming the durations") {
  Folder f;
  f.run("long", scenario("same", "240s", "10ms"));
  f.run("short", scenario("same", "100s", "10ms"));
  const Outcome refused = f.compare("long", "short");
  CHECK(refused.code == 2);
  CHECK_THAT(refused.errors, Catch::Contains("duration_s 240.0 and 100.0"));
}

TEST_CASE("an edited copy of the same length and seed is paired, with a note that the configurations differ") {
  Folder f;
  f.run("a", scenario("same", "20s", "10ms"));
  f.run("b", scenario("same", "20s", "11ms"));
  REQUIRE(f.compare("a", "b").code == 0);
  const json c = read_json(f.dir / "cmp" / "compare.json");
  CHECK(c["paired"] == true);
  REQUIRE(c["notes"].size() == 1);
  CHECK_THAT(c["notes"][0].get<std::string>(), Catch::Contains("ran different versions of the scenario file"));
  const json a = read_json(f.dir / "a" / "results.json");
  CHECK_THAT(a["scenario_hash"].get<std::string>(), Catch::StartsWith("fnv1a64:"));
}
