// A host's clock off: the patterns on it misjudge their windows, the others' do not.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/edges.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// Two callers of one database, each with a breaker open for 10 s after five
// failures; the database fails everything from 10 s on. `skewed`'s clock
// changes at 15 s, while both breakers are open.
std::string two_callers(const std::string& clock) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "clock", "seed": 3, "duration": "40s", "bucket": "50ms",
    "network": {{"latency": "0ms"}},
    "pipelines": {{"guarded": {{"circuit_breaker": {{"failure_rate": 0.5, "window": {{"kind": "count", "size": 10}},
                                                  "minimum_calls": 5, "open_for": "10s"}}}}}},
    "services": [{{"name": "skewed", "workers": 50, "service_time": {{"dist": "constant", "value": "1ms"}}, "calls": [{{"service": "db", "pipeline": "guarded"}}]}},
                 {{"name": "steady", "workers": 50, "service_time": {{"dist": "constant", "value": "1ms"}}, "calls": [{{"service": "db", "pipeline": "guarded"}}]}},
                 {{"name": "db", "workers": 50, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "a", "target": "skewed", "arrival": {{"process": "constant", "rate": "100/s"}}}},
                {{"name": "b", "target": "steady", "arrival": {{"process": "constant", "rate": "100/s"}}}}],
    "faults": [{{"kind": "errors", "at": "10s", "for": "30s", "target": "db", "rate": 1}},
               {{"kind": "clock", "at": "15s", "for": "25s", "target": "skewed", {}}}]}})",
                     clock);
}

// When an edge's breaker first leaves open after 11 s: the start of the first bucket not all open.
double first_trial_s(const reports::VariantSummary& v, const std::string& edge) {
  for (std::size_t e = 0; e < v.edges.size(); ++e) {
    if (sim::edge_subject(v.edges[e].info) != edge) continue;
    const auto& open = v.edge_series[e].circuit_open;
    for (std::size_t k = static_cast<std::size_t>(11 / 0.05); k < open.size(); ++k)
      if (open[k] < 0.999) return static_cast<double>(k) * 0.05;  // the level is a time average: 1 up to rounding
  }
  return -1;
}

}  // namespace

TEST_CASE("a 5 s clock skew on a host makes its breaker try half-open 5 s early or late, and the other host's on time") {
  // Both breakers open at about 10.05 s (the fifth failure); true time would try at 20.05 s.
  const auto ahead = testing::run_all(testing::load_text(two_callers(R"("skew": "5s")")))[0];
  const auto behind = testing::run_all(testing::load_text(two_callers(R"("skew": "-5s")")))[0];
  const double on_time = first_trial_s(ahead, "steady->db");
  CHECK(on_time == Approx(20.05).margin(0.051));
  CHECK(first_trial_s(behind, "steady->db") == Approx(on_time));
  CHECK(first_trial_s(ahead, "skewed->db") == Approx(on_time - 5).margin(0.051));
  CHECK(first_trial_s(behind, "skewed->db") == Approx(on_time + 5).margin(0.051));
}

TEST_CASE("a drifting clock misjudges by what it has drifted: 100,000 ppm over 10 s is 1 s early") {
  // From 15 s, 0.1 s more every second: at true 19.05 s the clock reads 19.05 + 0.405, past 20.05 s... first at
  // t with t + 0.1 (t - 15) >= 20.05: t = 19.59 s.
  const auto v = testing::run_all(testing::load_text(two_callers(R"("drift_ppm": 100000)")))[0];
  CHECK(first_trial_s(v, "skewed->db") == Approx(19.59).margin(0.051));
  CHECK(first_trial_s(v, "steady->db") == Approx(20.05).margin(0.051));
}
