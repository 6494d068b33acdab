// Runs that would take hours or the machine's memory are refused before they
// start, or stopped with a message while they run; never an OOM kill.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

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

TEST_CASE("100 million buckets of 1 us are refused: their spool and CSV would not fit on the disk") {
  // A chain of 10 services: 21 subjects of 100 million buckets, terabytes of outputs.
  std::string services;
  for (int i = 0; i < 10; ++i)
    services += fmt::format(R"({}{{"name": "s{}", "service_time": {{"dist": "constant", "value": "1ms"}}{}}})", i == 0 ? "" : ", ", i,
                            i < 9 ? fmt::format(R"(, "calls": [{{"service": "s{}"}}])", i + 1) : "");
  Folder f;
  const Outcome o = f.run(R"({"schema": "chaossim/scenario/v1", "name": "b", "duration": "100s", "bucket": "1us",
    "services": [)" + services + R"(], "clients": [{"name": "c", "target": "s0", "arrival": {"process": "poisson", "rate": "1/s"}}]})");
  CHECK(o.code == 2);
  CHECK_THAT(o.errors, Catch::Contains("timeseries.csv included"));
  CHECK_THAT(o.errors, Catch::Contains(" free: use a larger bucket"));
  CHECK_FALSE(fs::exists(f.dir / "out"));
}

TEST_CASE("memory is reckoned by subjects, not by buckets: a simulated year of 1 s buckets fits") {
  const auto year = chaossim::testing::load_text(one_service("1/s", "31536000s"));
  const auto minute = chaossim::testing::load_text(one_service("1/s", "2000s"));
  const auto long_run = chaossim::sim::estimate_work({&year.base}, 1);
  CHECK(long_run.memory_bytes < 8 << 20);
  // As much as a run of 2,000 buckets: the series are thinned beyond.
  CHECK(long_run.memory_bytes == chaossim::sim::estimate_work({&minute.base}, 1).memory_bytes);
  CHECK(long_run.csv_bytes > 1e10);  // the data itself is as long as the run
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
