#pragma once
// An SLO objective judged: over the run (VariantSummary::slo_checks), or over
// a window of it (the steady state a Chaos Toolkit journal reports).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace chaossim::reports {

// Judged on the 95% confidence interval of the figure over replications: met
// when all of it is on the objective's good side, not met when all of it is
// on the bad side, inconclusive when it straddles the objective (more
// replications would tell). Without an interval (one replication) the point
// estimate decides; without a figure (nothing succeeded, never recovered)
// the objective is not met.
enum class Verdict { met, not_met, inconclusive };
using Interval = std::pair<double, double>;
const char* verdict_name(Verdict v);  // "met", "not_met", "inconclusive"
// For people: "met", "not met", "inconclusive".
const char* verdict_text(Verdict v);
// A check's or an slo's verdict in results.json; from its "met" in files
// written before verdicts.
Verdict verdict_in(const nlohmann::ordered_json& judged);
// An interval as results.json writes one, [low, high], at `key` of `object`;
// nullopt when it is null, missing, or not two numbers.
std::optional<Interval> interval_in(const nlohmann::ordered_json& object, const std::string& key);
// The worst of several: not met over inconclusive over met.
Verdict worst(const std::vector<Verdict>& verdicts);

struct SloCheck {
  std::string name;
  double objective = 0;
  bool higher_is_better = false;  // availability; latency and recovery are better lower
  std::optional<double> actual;
  std::optional<Interval> ci95;
  Verdict verdict = Verdict::not_met;

  bool met() const { return verdict == Verdict::met; }
};

// Fills `verdict` from the figure, its interval and the objective.
SloCheck judge(SloCheck check);

// The SLO's latency objectives are named by quantile: "p99" is 0.99.
double slo_quantile(const std::string& name);

// The SLO's checks over [start_s, end_s), each replication's figure over the
// window, then their mean (the one definition over replications).
struct SteadyWindow {
  double start_s = 0, end_s = 0;
  std::vector<SloCheck> checks;
  Verdict verdict() const;
  bool met() const { return verdict() == Verdict::met; }
};

// Before the first fault (from the warmup's end), and from its start to the run's end.
struct SteadyState {
  SteadyWindow before, after;
};

}  // namespace chaossim::reports
