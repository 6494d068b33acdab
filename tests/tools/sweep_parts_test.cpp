// The parts of `chaossim sweep` that need no simulation: --only's point
// sets, the bisect's search on known functions, the scripts for Slurm and
// GNU parallel, and the check that a folder holds the same sweep.
#include <cmath>
#include <functional>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tools/sweep/edge_search.hpp"
#include "tools/sweep/point_ids.hpp"
#include "tools/scale_out.hpp"
#include "tools/sweep/sweep_folder.hpp"

using namespace chaossim::tools;
using nlohmann::ordered_json;

namespace {

std::vector<std::string> plan_of(std::size_t n) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) ids.push_back(fmt::format("p{:04}", i));
  return ids;
}

// Runs the search on `metric` (no noise, or a fixed half-width interval).
chaossim::reports::EdgeFound search(EdgeSpec spec, const std::function<double(double)>& metric, double half_width = 0,
                                    int* rounds = nullptr) {
  EdgeSearch s(spec);
  int n = 0;
  for (auto round = s.next_round(); !round.empty(); round = s.next_round(), ++n) {
    REQUIRE(n < 100);
    for (const auto& value : round) {
      const double x = *chaossim::reports::numeric_value(value);
      chaossim::reports::MetricEstimate e{metric(x), std::nullopt};
      if (half_width > 0) e.ci95 = std::pair{metric(x) - half_width, metric(x) + half_width};
      s.record(value, e);
    }
  }
  if (rounds != nullptr) *rounds = n;
  return s.result();
}

EdgeSpec spec(double from, double to, double threshold, double precision) {
  EdgeSpec s;
  s.parameter = "$.clients[0].arrival.rate";
  s.metric = "clients.users.availability";
  s.from = from;
  s.to = to;
  s.threshold = threshold;
  s.precision = precision;
  return s;
}

}  // namespace

TEST_CASE("a worker's --only takes ids and ranges in the plan's order, and refuses ids the plan lacks") {
  const auto plan = plan_of(20);
  std::string problem;
  const auto chosen = select_points("p0003,p0010-p0012,p0001", plan, problem);
  REQUIRE(chosen);
  CHECK(*chosen == std::vector<std::string>{"p0001", "p0003", "p0010", "p0011", "p0012"});
  CHECK_FALSE(select_points("p0003,p0030", plan, problem));
  CHECK_THAT(problem, Catch::Contains("no point \"p0030\"") && Catch::Contains("p0000 to p0019"));
  CHECK_FALSE(select_points("p0005-p0002", plan, problem));
  CHECK_THAT(problem, Catch::Contains("runs backwards"));
  CHECK(point_ranges({"p0001", "p0002", "p0003", "p0007", "p0009", "p0010"}, plan) == "p0001-p0003,p0007,p0009-p0010");
}

TEST_CASE("a bisect finds a crossing within its precision, each round narrowing the bracket fourfold") {
  // Availability falls with the load past 640/s.
  const auto availability = [](double rate) { return 1.0 / (1.0 + std::exp((rate - 640.0) / 20.0)); };
  const double crossing = 640.0 + 20.0 * std::log(1.0 / 0.99 - 1.0);
  int rounds = 0;
  const auto e = search(spec(100, 1000, 0.99, 1.0), availability, 0, &rounds);
  CHECK(e.verdict == "found");
  REQUIRE(e.low);
  CHECK(*e.low <= crossing);
  CHECK(*e.high >= crossing);
  CHECK(*e.high - *e.low <= 1.0);
  // 900 wide to 1 wide, a factor 4 a round with three points, after the round of the two ends.
  CHECK(rounds == 1 + static_cast<int>(std::ceil(std::log(900.0) / std::log(4.0))));
}

TEST_CASE("a bisect over integers stops at neighbours, and says when nothing crosses") {
  auto integers = spec(1, 64, 0.5, 0.1);
  integers.integral = true;
  const auto e = search(integers, [](double x) { return x >= 23 ? 1.0 : 0.0; });
  REQUIRE(e.low);
  CHECK(*e.low == 22);
  CHECK(*e.high == 23);
  CHECK(e.verdict == "found");
  const auto none = search(spec(1, 10, 2.0, 0.1), [](double) { return 1.0; });
  CHECK_FALSE(none.low);
  CHECK_THAT(none.verdict, Catch::Contains("no crossing between 1 and 10"));
}

TEST_CASE("the confident bracket widens to the nearest points whose interval is wholly on their side") {
  const auto linear = [](double x) { return x / 100.0; };  // crosses 0.5 at 50
  const auto e = search(spec(0, 100, 0.5, 1.0), linear, 0.05);
  REQUIRE(e.low);
  REQUIRE(e.confident_low);
  REQUIRE(e.confident_high);
  CHECK(*e.confident_low <= 45.0);
  CHECK(*e.confident_high >= 55.0);
  CHECK(*e.confident_low <= *e.low);
  CHECK(*e.confident_high >= *e.high);
  // Without intervals nothing is sure.
  const auto unsure = search(spec(0, 100, 0.5, 1.0), linear);
  CHECK_FALSE(unsure.confident_low);
}

TEST_CASE("the Slurm script runs one command per array task, throttled, with the options passed through") {
  SlurmOptions o;
  o.job_name = "chaossim-grid";
  o.throttle = 4;
  o.cpus_per_task = 2;
  o.partition = "short";
  o.time = "0:30:00";
  o.memory = "2G";
  o.extra = {"--account=physics"};
  o.log_folder = "/shared/out/logs";
  const auto script = slurm_array_script(o, {"chaossim a", "chaossim b", "chaossim c"});
  for (const char* line : {"#SBATCH --array=0-2%4\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --partition=short\n", "#SBATCH --time=0:30:00\n",
                           "#SBATCH --mem=2G\n", "#SBATCH --account=physics\n", "#SBATCH --output=/shared/out/logs/%A_%a.out\n",
                           "  0) exec chaossim a ;;\n", "  2) exec chaossim c ;;\n"})
    CHECK_THAT(script, Catch::Contains(line));
  CHECK(job_list({"a", "b"}) == "a\nb\n");
}

TEST_CASE("chunks stay within Slurm's default array size and words are quoted for the shell") {
  CHECK(chunks_of(plan_of(10), 0).size() == 10);
  CHECK(chunks_of(plan_of(2500), 0).size() == 834);  // 3 points a task
  CHECK(chunks_of(plan_of(10), 4).size() == 3);
  CHECK(shell_quoted("/a/b-c.json") == "/a/b-c.json");
  CHECK(shell_quoted("my sweep's dir") == "'my sweep'\\''s dir'");
}

TEST_CASE("a folder holds the same sweep when only names and metrics differ") {
  ordered_json plan = {{"schema", sweep_plan_schema_id}, {"fingerprint", "f1"}, {"variant", "base"}, {"replications", 3}, {"seed", 1},
                       {"parameters", {"$.a"}}, {"design", {{"kind", "grid"}}}, {"points", ordered_json::array()}, {"metrics", {"m"}}};
  auto renamed = plan;
  renamed["metrics"] = {"n"};
  CHECK(plan_conflict(plan, renamed).empty());
  auto edited = plan;
  edited["fingerprint"] = "f2";
  CHECK_THAT(plan_conflict(plan, edited), Catch::Contains("another version of the base scenario"));
  auto reseeded = plan;
  reseeded["seed"] = 2;
  CHECK_THAT(plan_conflict(plan, reseeded), Catch::Contains("other seed"));
}
