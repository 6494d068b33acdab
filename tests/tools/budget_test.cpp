// Runs that would take hours or the machine's memory are refused before they
// start, or stopped with a message while they run; never an OOM kill.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "sim/work_estimate.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int code;
  std::string errors;
};

struct Folder {
  fs::path dir;
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "budget-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  ~Folder() { fs::remove_all(dir); }
  Outcome run(const std::string& scenario, const std::string& extra = "") const {
    std::ofstream(dir / "s.json") << scenario;
    const std::string command = std::string(CHAOSSIM_BINARY) + " run " + (dir / "s.json").string() + " --quiet --out " +
                                (dir / "out").string() + extra + " > /dev/null 2> " + (dir / "stderr.txt").string();
    const int status = std::system(command.c_str());
    std::ifstream in(dir / "stderr.txt");
    std::stringstream errors;
    errors << in.rdbuf();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, errors.str()};
  }
};

std::string one_service(const std::string& rate, const std::string& duration = "10s", const std::string& bucket = "1s") {
  return R"({"schema": "chaossim/scenario/v1", "name": "b", "duration": ")" + duration + R"(", "bucket": ")" + bucket +
         R"(", "replications": 1,
    "services": [{"name": "api", "service_time": {"dist": "constant", "value": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": ")" + rate + R"("}}]})";
}

}  // namespace

TEST_CASE("the estimate counts peak rates, overloads, buckets and subjects") {
  const auto set = chaossim::testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "e", "duration": "100s",
    "bucket": "10s", "services": [{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "10/s",
                 "ramp": [{"at": "0s", "rate": "10/s"}, {"at": "50s", "rate": "40/s"}]}}],
    "faults": [{"kind": "overload", "at": "10s", "for": "5s", "client": "c", "multiplier": 3}]})");
  const auto w = chaossim::sim::estimate_work({&set.base}, 2);
  CHECK(w.requests == Approx(40 * 3 * 100 * 2));  // the ramp's peak, times the overload, for the whole run
  CHECK(w.series_cells == Approx(10 * 3 * 2));     // 10 buckets x (client, service, edge) x 2 replications
}

TEST_CASE("a rate of 1e12/s on an unbounded queue is refused before it runs, saying by how much") {
  Folder f;
  const Outcome o = f.run(one_service("1000000000000/s"));
  CHECK(o.code == 2);
  CHECK_THAT(o.errors, Catch::Contains("would send up to 1e+13 client requests, more than --max-requests 1e+09"));
  CHECK_FALSE(fs::exists(f.dir / "out"));
}

TEST_CASE("a million buckets of 1 us are refused by the memory budget") {
  Folder f;
  const Outcome o = f.run(one_service("100/s", "1s", "1us"));
  CHECK(o.code == 2);
  CHECK_THAT(o.errors, Catch::Contains("time series would hold about"));
  CHECK_THAT(o.errors, Catch::Contains("--memory-budget"));
}

TEST_CASE("a queue that grows without bound stops the run with what to change") {
  Folder f;
  const Outcome o = f.run(one_service("300000/s"));
  CHECK(o.code == 2);
  CHECK_THAT(o.errors, Catch::Contains("service \"api\"'s queue reached 1000000 requests"));
  CHECK_THAT(o.errors, Catch::Contains("Give it a queue bound"));
}

TEST_CASE("a run growing past its share of the memory budget is stopped with a message") {
  Folder f;
  const Outcome o = f.run(one_service("300000/s"), " --memory-budget 150 --jobs 1");
  CHECK(o.code == 2);
  CHECK_THAT(o.errors, Catch::Contains("more than its 150 MiB share of the memory budget"));
}
