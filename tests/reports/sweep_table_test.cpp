// A sweep's figures read from results.json with their intervals, its Pareto
// front, and sweep.csv.
#include <catch2/catch.hpp>

#include "reports/statistics.hpp"
#include "reports/sweep_metrics.hpp"
#include "reports/sweep_table.hpp"

using namespace chaossim::reports;
using nlohmann::ordered_json;

namespace {

ordered_json results() {
  return ordered_json::parse(R"({
    "clients": {"users": {"availability": 0.95, "availability_by_replication": [0.9, 1.0],
                          "success_latency_ms": {"p99": 120.5}, "success_latency_ms_by_replication": {"p99": [110, 130]}}},
    "edges": [{"retry_amplification": 1.2, "retry_amplification_by_replication": [1.1, 1.3]}],
    "faults": [{"index": 0, "recover_s": 3.0, "recover_s_by_replication": [2, 4]},
               {"index": 1, "recover_s": 5.0, "recover_s_by_replication": [4, 6]}],
    "slo": {"client": "users", "met": false, "checks": []}
  })");
}

}  // namespace

TEST_CASE("a metric's interval is Student's over the replications results.json keeps") {
  const auto r = results();
  const auto availability = sweep_metric(r, "clients.users.availability");
  REQUIRE(availability.problem.empty());
  CHECK(*availability.estimate.value == 0.95);
  const auto expected = *mean_ci({0.9, 1.0});
  REQUIRE(availability.estimate.ci95);
  CHECK(availability.estimate.ci95->first == Approx(expected.first));
  CHECK(availability.estimate.ci95->second == Approx(expected.second));
  // Beside its object: success_latency_ms_by_replication.p99.
  const auto p99 = sweep_metric(r, "clients.users.success_latency_ms.p99");
  CHECK(*p99.estimate.value == 120.5);
  REQUIRE(p99.estimate.ci95);
  CHECK(p99.estimate.ci95->first == Approx(mean_ci({110, 130})->first));
  const auto amplification = sweep_metric(r, "edges.0.retry_amplification");
  CHECK(*amplification.estimate.value == 1.2);
  CHECK(amplification.estimate.ci95);
}

TEST_CASE("faults.max_recover_s is the longest recovery with its fault's interval, null when one never recovered") {
  auto r = results();
  const auto worst = sweep_metric(r, "faults.max_recover_s");
  CHECK(*worst.estimate.value == 5.0);
  CHECK(worst.estimate.ci95->first == Approx(mean_ci({4, 6})->first));
  r["faults"][0]["recover_s"] = nullptr;
  const auto never = sweep_metric(r, "faults.max_recover_s");
  CHECK(never.problem.empty());
  CHECK_FALSE(never.estimate.value);
}

TEST_CASE("a metric results.json does not have says where it stops, with a did-you-mean") {
  const auto r = results();
  const auto typo = sweep_metric(r, "clients.users.availabilty");
  CHECK_THAT(typo.problem, Catch::Contains("results.json.clients.users has no \"availabilty\"") &&
                               Catch::Contains("did you mean \"availability\"?"));
  CHECK_THAT(sweep_metric(r, "clients.users.success_latency_ms").problem, Catch::Contains("not a number but an object"));
  CHECK_THAT(sweep_metric(r, "edges.3.retry_amplification").problem, Catch::Contains("has no element 3"));
}

TEST_CASE("the Pareto front keeps the points no other beats on both metrics") {
  SweepTable t;
  t.metrics = {"clients.users.availability", "clients.users.success_latency_ms.p99"};
  const auto row = [](const char* id, double availability, double p99) {
    return SweepRow{id, {}, {{availability, std::nullopt}, {p99, std::nullopt}}, std::nullopt};
  };
  t.rows = {row("a", 0.999, 300), row("b", 0.99, 100), row("c", 0.98, 200), row("d", 0.999, 250), row("e", 0.995, 100)};
  // c is beaten by b (better on both), a by d (equal availability, lower p99), b by e.
  CHECK(pareto_front(t, t.metrics[0], t.metrics[1]) == std::vector<std::string>{"d", "e"});
}

TEST_CASE("sweep.csv has a column per parameter and three per metric, quoted where needed, empty where undefined") {
  SweepTable t;
  t.parameters = {"$.a", "$[\"b,c\"]"};
  t.metrics = {"m"};
  t.rows = {SweepRow{"p0000", {0.5, "100/s"}, {{0.25, std::pair{0.2, 0.3}}}, true},
            SweepRow{"p0001", {1, "2\"x"}, {{std::nullopt, std::nullopt}}, false}};
  CHECK(sweep_csv(t) ==
        "point,$.a,\"$[\"\"b,c\"\"]\",m,m_ci_low,m_ci_high\n"
        "p0000,0.5,100/s,0.25,0.2,0.3\n"
        "p0001,1,\"2\"\"x\",,,\n");
  const auto j = sweep_json(t, ordered_json::object());
  CHECK(j["points"][1]["metrics"]["m"]["value"].is_null());
  CHECK(j["points"][0]["parameters"]["$.a"] == 0.5);
}

TEST_CASE("metric paths are checked against the scenario before anything runs") {
  chaossim::scenarios::Scenario s;
  s.clients.emplace_back();
  s.clients.back().name = "users";
  CHECK(metric_problem("clients.users.availability", s).empty());
  CHECK_THAT(metric_problem("clients.user.availability", s), Catch::Contains("no client \"user\"") && Catch::Contains("did you mean \"users\"?"));
  CHECK_THAT(metric_problem("client.users.availability", s), Catch::Contains("did you mean \"clients\"?"));
  CHECK_THAT(metric_problem("faults.0.recover_s", s), Catch::Contains("has 0 faults"));
  CHECK_THAT(metric_problem("faults.max_recover_s", s), Catch::Contains("no faults"));
}

TEST_CASE("a parameter may be one side of the Pareto front, as a cost") {
  SweepTable t;
  t.parameters = {"$.services[0].instances"};
  t.metrics = {"clients.users.availability"};
  const auto row = [](const char* id, int instances, double availability) {
    return SweepRow{id, {instances}, {{availability, std::nullopt}}, std::nullopt};
  };
  t.rows = {row("two", 2, 0.99), row("three", 3, 0.999), row("four", 4, 0.999), row("six", 6, 0.9999)};
  // Four buys nothing over three: off the front.
  CHECK(pareto_front(t, t.metrics[0], t.parameters[0]) == std::vector<std::string>{"two", "three", "six"});
  CHECK_FALSE(better_higher(t, t.parameters[0]));
}

TEST_CASE("the Pareto front is what comparing every pair gives, ties and all") {
  // Small integers: many points share an x, a y or both.
  std::uint64_t state = 12345;
  const auto next = [&] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 59; };  // 0..31
  for (int trial = 0; trial < 50; ++trial) {
    SweepTable t;
    t.metrics = {"clients.users.availability", "clients.users.success_latency_ms.p99"};
    for (int i = 0; i < 60; ++i)
      t.rows.push_back(SweepRow{std::to_string(i), {}, {{static_cast<double>(next() % 8), std::nullopt}, {static_cast<double>(next() % 8), std::nullopt}}, std::nullopt});
    std::vector<std::string> brute;
    for (const auto& a : t.rows) {
      bool beaten = false;
      for (const auto& b : t.rows) {
        const double ax = *a.metrics[0].value, ay = -*a.metrics[1].value, bx = *b.metrics[0].value, by = -*b.metrics[1].value;
        beaten = beaten || (bx >= ax && by >= ay && (bx != ax || by != ay));
      }
      if (!beaten) brute.push_back(a.id);
    }
    CHECK(pareto_front(t, t.metrics[0], t.metrics[1]) == brute);
  }
}

TEST_CASE("a metric's interval is results.json's own where it has one: never narrower than the figure's step") {
  auto r = results();
  // All replications' p99s alike: Student's interval would be a point, the
  // results' own keeps half a bin either side.
  r["clients"]["users"]["success_latency_ms_by_replication"]["p99"] = {120.5, 120.5};
  r["clients"]["users"]["success_latency_ms_ci95"] = {{"p99", {120.0, 121.0}}};
  const auto p99 = sweep_metric(r, "clients.users.success_latency_ms.p99");
  REQUIRE(p99.estimate.ci95);
  CHECK(p99.estimate.ci95->first == 120.0);
  CHECK(p99.estimate.ci95->second == 121.0);
  r["faults"][1]["recover_s_ci95"] = {4.0, 6.5};
  CHECK(sweep_metric(r, "faults.max_recover_s").estimate.ci95->second == 6.5);
  r["clients"]["users"]["availability_ci95"] = nullptr;  // one replication: no interval
  CHECK_FALSE(sweep_metric(r, "clients.users.availability").estimate.ci95);
}
