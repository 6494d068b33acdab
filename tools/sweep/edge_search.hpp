#pragma once
// Finding the edge: the value of one parameter at which a metric crosses a
// threshold (the load at which a system goes metastable, the smallest retry
// budget that recovers within the SLO). Each round runs a few points inside
// the bracket at once and keeps the part where the metric changes side,
// until the bracket is narrower than the precision asked for. The metric is
// taken to move one way across the span; each point's confidence interval
// says how sure the bracket is.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/sweep_table.hpp"
#include "scenarios/sweep/sweep_file.hpp"

namespace chaossim::tools {

struct EdgeSpec {
  std::string parameter, metric;
  double from = 0, to = 0;
  bool log = false;       // a log_range: points spread geometrically
  bool integral = false;  // an integer range: points on whole numbers
  std::string unit;
  double threshold = 0, precision = 0;
  int per_round = 3;
};

EdgeSpec edge_spec(const scenarios::SweepFile& sweep);
// The same from plan.json's design, for a merge that has only the folder.
EdgeSpec edge_spec(const nlohmann::ordered_json& design, const std::string& parameter);
nlohmann::ordered_json edge_design_json(const EdgeSpec& spec);

class EdgeSearch {
 public:
  explicit EdgeSearch(EdgeSpec spec) : spec_(std::move(spec)) {}

  // The values to run next (as parameter values), none when the search is over.
  std::vector<nlohmann::ordered_json> next_round() const;
  void record(const nlohmann::ordered_json& value, const reports::MetricEstimate& estimate);
  reports::EdgeFound result() const;

 private:
  // Whether the metric is at or past the threshold; an undefined figure (never
  // recovered, nothing succeeded) counts as the worst.
  bool past(const reports::MetricEstimate& m) const;
  bool surely(const reports::MetricEstimate& m) const;  // its interval lies on its side
  // The first pair of neighbours on either side of the threshold.
  std::optional<std::pair<double, double>> bracket() const;

  EdgeSpec spec_;
  std::map<double, reports::MetricEstimate> seen_;
};

}  // namespace chaossim::tools
