#pragma once
// An SLO objective judged: over the run (VariantSummary::slo_checks), or over
// a window of it (the steady state a Chaos Toolkit journal reports).
#include <optional>
#include <string>
#include <vector>

namespace chaossim::reports {

struct SloCheck {
  std::string name;
  double objective = 0;
  std::optional<double> actual;
  bool met = false;
};

// The SLO's latency objectives are named by quantile: "p99" is 0.99.
double slo_quantile(const std::string& name);

// The SLO's checks over [start_s, end_s), every replication's requests pooled.
struct SteadyWindow {
  double start_s = 0, end_s = 0;
  std::vector<SloCheck> checks;
  bool met() const;
};

// Before the first fault (from the warmup's end), and from its start to the run's end.
struct SteadyState {
  SteadyWindow before, after;
};

}  // namespace chaossim::reports
