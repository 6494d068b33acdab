#pragma once
// --target-ci: replications until the 95% confidence intervals are as narrow
// as asked, each target a figure of the SLO's client (else the first
// client) and a half-width: "availability=0.0005", "p99=2ms", "p95=1%"
// (of the estimate), "recovery=1s" (the longest recovery after a fault).
#include <optional>
#include <string>
#include <vector>

#include "reports/summary.hpp"

namespace chaossim::tools {

struct CiTarget {
  std::string text;    // as given
  std::string figure;  // availability, p50 .. p999, recovery
  double half_width = 0;
  bool relative = false;  // half_width is a fraction of the estimate
};

// nullopt, and `error` said, when `spec` is not one.
std::optional<CiTarget> parse_ci_target(const std::string& spec, std::string& error);

// The interval's half-width and the estimate, in `target`'s units; nullopt
// when there is no interval (one replication, or no such figure).
struct Reached {
  std::optional<double> half_width;
  double allowed = 0;  // the target's half-width, made absolute
  // The narrowest an interval of the figure can be, half its step (half a
  // histogram bin, half a bucket): replications cannot go below it.
  double floor = 0;
  bool possible() const { return floor < allowed; }
};
Reached reached(const reports::VariantSummary& v, const CiTarget& target);

// Replications to have in all so that every target holds in every variant,
// from `done` so far: n (s / s_target)^2, the half-width shrinking as one
// over the root of n; `done` when every one holds, at most `most`. A target
// without an interval counts as needing `most`; one narrower than its
// figure's step can be, as needing nothing more.
int replications_needed(const std::vector<reports::VariantSummary>& variants, const std::vector<CiTarget>& targets, int done,
                        int most);

// A warning for each target still wider than asked in `v`, saying `stopped_by`
// (what ended the replications).
std::vector<std::string> unmet_targets(const reports::VariantSummary& v, const std::vector<CiTarget>& targets,
                                       const std::string& stopped_by);

}  // namespace chaossim::tools
