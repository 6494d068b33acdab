// Figures measured in steps are not known closer than a step: a latency
// quantile to its histogram bin, a recovery to its bucket. Neither an SLO
// verdict nor a comparison may claim more, however alike the replications.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "reports/compare.hpp"
#include "reports/slo_check.hpp"
#include "reports/statistics.hpp"
#include "sim/histogram.hpp"

using namespace chaossim;
using nlohmann::ordered_json;

namespace {

// A results.json object with one client whose successes' p99 is `p99_ms` in
// each replication, and one fault whose recovery took `recover_s`.
ordered_json results(const std::vector<double>& p99_ms, const std::vector<double>& recover_s) {
  ordered_json r;
  r["scenario"] = "s";
  r["replications"] = p99_ms.size();
  r["seed"] = 1;
  r["duration_s"] = 60.0;
  r["warmup_s"] = 0.0;
  r["bucket_s"] = 1.0;
  ordered_json c;
  c["availability_by_replication"] = std::vector<double>(p99_ms.size(), 1.0);
  c["degraded_fraction_by_replication"] = std::vector<double>(p99_ms.size(), 0.0);
  c["success_latency_ms_by_replication"] = {{"p50", p99_ms}, {"p95", p99_ms}, {"p99", p99_ms}};
  r["clients"]["users"] = c;
  r["services"] = ordered_json::object();
  r["edges"] = ordered_json::array();
  r["faults"] = ordered_json::array({{{"index", 0}, {"recover_s_by_replication", recover_s},
                                      {"detect_s_by_replication", ordered_json::array()}}});
  return r;
}

const reports::MetricRow& row(const reports::Comparison& c, const std::string& metric) {
  for (const auto& r : c.rows)
    if (r.metric == metric) return r;
  FAIL("no row " << metric);
  throw;
}

}  // namespace

TEST_CASE("compare tells no difference in p99 smaller than a histogram bin, and tells one of a few bins") {
  // p99s near 100 ms, where a bin is 1.024 ms wide, each known to half a bin
  // either side; the variant's is half a bin above in every replication: a
  // paired difference with no spread at all, yet not told apart from none.
  const std::vector<double> base{100.0, 100.3, 99.8, 100.1, 100.2};
  std::vector<double> half_bin, three_bins;
  for (double x : base) half_bin.push_back(x + 0.5), three_bins.push_back(x + 3.0);
  const std::vector<double> recovered{4, 5, 4, 5, 4};
  const auto a = results(base, recovered), b = results(half_bin, recovered), c = results(three_bins, recovered);
  CHECK(sim::LatencyHistogram::resolution_at(0.1) == Approx(1.024e-3));

  const auto close = reports::compare({{"base", &a}, {"half-bin", &b}}, "base", false);
  const auto& p99 = row(close, "clients.users.success_latency_ms.p99").diff[1];
  REQUIRE(p99.mean);
  CHECK(*p99.mean == Approx(0.5));
  REQUIRE(p99.ci95);
  CHECK(p99.ci95->first < 0);
  CHECK(p99.ci95->second > 1.0);
  CHECK_FALSE(p99.significant);
  CHECK_FALSE(row(close, "clients.users.success_latency_ms.p99").best);

  const auto far = reports::compare({{"base", &a}, {"three-bins", &c}}, "base", false);
  CHECK(row(far, "clients.users.success_latency_ms.p99").diff[1].significant);
}

TEST_CASE("compare tells no difference in recovery smaller than a bucket") {
  const std::vector<double> p99{100, 100, 100};
  const auto a = results(p99, {4, 4, 4}), b = results(p99, {4.5, 4.5, 4.5}), c = results(p99, {7, 7, 7});
  const auto close = reports::compare({{"base", &a}, {"b", &b}}, "base", false);
  const auto& same = row(close, "faults.0.recover_s").diff[1];
  CHECK_FALSE(same.significant);
  CHECK(same.ci95->first == Approx(-0.5));
  const auto far = reports::compare({{"base", &a}, {"c", &c}}, "base", false);
  CHECK(row(far, "faults.0.recover_s").diff[1].significant);
}

TEST_CASE("an interval at resolution is the t interval, or a step wide where that is narrower") {
  CHECK_FALSE(reports::mean_ci_at_resolution({5.0}, 1.0));
  const auto flat = reports::mean_ci_at_resolution({5.0, 5.0, 5.0}, 1.0);
  REQUIRE(flat);
  CHECK(flat->first == 4.5);
  CHECK(flat->second == 5.5);
  const std::vector<double> spread{1, 9, 3, 7};
  CHECK(*reports::mean_ci_at_resolution(spread, 0.1) == *reports::mean_ci(spread));
}

TEST_CASE("an SLO verdict is met, not met or inconclusive from where its interval lies") {
  using reports::Verdict;
  const auto verdict = [](double objective, bool higher, std::optional<double> actual, std::optional<reports::Interval> ci) {
    return reports::judge({"x", objective, higher, actual, ci}).verdict;
  };
  // p95 196.8 ms against 200 ms, from three replications spanning 193.5 to 199.7 ms: the mean's interval reaches past 200.
  CHECK(verdict(200, false, 196.8, std::pair(193.9, 200.4)) == Verdict::inconclusive);
  CHECK(verdict(200, false, 196.8, std::pair(193.9, 199.7)) == Verdict::met);
  CHECK(verdict(200, false, 206.0, std::pair(201.0, 211.0)) == Verdict::not_met);
  CHECK(verdict(0.999, true, 0.9992, std::pair(0.9987, 0.9997)) == Verdict::inconclusive);
  CHECK(verdict(0.999, true, 0.9995, std::pair(0.9991, 0.9999)) == Verdict::met);
  CHECK(verdict(0.999, true, 0.95, std::pair(0.94, 0.96)) == Verdict::not_met);
  // One replication: no interval, the point estimate decides; no figure: not met.
  CHECK(verdict(200, false, 196.8, std::nullopt) == Verdict::met);
  CHECK(verdict(200, false, 201.0, std::nullopt) == Verdict::not_met);
  CHECK(verdict(30, false, std::nullopt, std::nullopt) == Verdict::not_met);
  CHECK(reports::worst({Verdict::met, Verdict::inconclusive}) == Verdict::inconclusive);
  CHECK(reports::worst({Verdict::inconclusive, Verdict::not_met, Verdict::met}) == Verdict::not_met);
  CHECK(reports::worst({}) == Verdict::met);
}

TEST_CASE("an interval or a verdict read from a results file that is not one is refused, never read past") {
  const auto doc = ordered_json::parse(R"({"a": [1.0, 2.0], "short": [1.0], "text": ["x", 2], "none": null,
                                            "verdict": "inconclusive", "met": "yes"})");
  CHECK(reports::interval_in(doc, "a") == reports::Interval(1.0, 2.0));
  CHECK_FALSE(reports::interval_in(doc, "short"));
  CHECK_FALSE(reports::interval_in(doc, "text"));
  CHECK_FALSE(reports::interval_in(doc, "none"));
  CHECK_FALSE(reports::interval_in(doc, "missing"));
  CHECK(reports::verdict_in(doc) == reports::Verdict::inconclusive);
  CHECK_THROWS(reports::verdict_in(ordered_json::parse(R"({"met": "yes"})")));
  CHECK(reports::verdict_in(ordered_json::parse(R"({"met": true})")) == reports::Verdict::met);
}
