#include "tools/sweep/sweep_checks.hpp"

#include <fmt/format.h>

#include "reports/sweep_metrics.hpp"
#include "scenarios/sweep/sweep_design.hpp"
#include "scenarios/sweep/sweep_points.hpp"

namespace chaossim::tools {

std::vector<PlannedPoint> plan_points(const scenarios::SweepFile& sweep) {
  const auto designed = scenarios::design_points(sweep);
  std::vector<PlannedPoint> out;
  out.reserve(designed.size());
  for (std::size_t i = 0; i < designed.size(); ++i) out.push_back({scenarios::point_id(i, designed.size()), designed[i]});
  return out;
}

std::vector<scenarios::Diagnostic> metric_errors(const scenarios::SweepFile& sweep) {
  std::vector<scenarios::Diagnostic> out;
  for (std::size_t i = 0; i < sweep.metrics.size(); ++i)
    if (const auto problem = reports::metric_problem(sweep.metrics[i], sweep.base); !problem.empty())
      out.push_back({sweep.file, sweep.metric_positions[i].value_or(scenarios::TextPosition{}), fmt::format("$.metrics[{}]", i), "",
                     fmt::format("\"{}\": {}", sweep.metrics[i], problem)});
  if (sweep.design.kind == scenarios::SweepDesign::Kind::bisect)
    if (const auto problem = reports::metric_problem(sweep.design.metric, sweep.base); !problem.empty())
      out.push_back({sweep.file, sweep.design_metric_position.value_or(scenarios::TextPosition{}), "$.design.metric", "",
                     fmt::format("\"{}\": {}", sweep.design.metric, problem)});
  return out;
}

std::vector<scenarios::Diagnostic> point_errors(const scenarios::SweepFile& sweep, const std::vector<PlannedPoint>& points) {
  std::vector<scenarios::Diagnostic> out;
  for (const auto& p : points)
    for (auto& d : scenarios::point_problems(sweep, p.id, p.values, scenarios::point_document(sweep, p.values))) out.push_back(std::move(d));
  return out;
}

}  // namespace chaossim::tools
