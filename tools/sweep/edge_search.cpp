#include "tools/sweep/edge_search.hpp"

#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "reports/sweep_metrics.hpp"
#include "scenarios/sweep/sweep_design.hpp"

namespace chaossim::tools {

using nlohmann::ordered_json;

EdgeSpec edge_spec(const scenarios::SweepFile& sweep) {
  const auto& p = sweep.parameters.front();
  EdgeSpec s;
  s.parameter = p.path;
  s.metric = sweep.design.metric;
  s.from = p.values.from;
  s.to = p.values.to;
  s.log = p.values.kind == scenarios::ParameterValues::Kind::log_range;
  s.integral = p.values.integral;
  s.unit = p.values.unit;
  s.threshold = sweep.design.threshold;
  s.precision = sweep.design.precision;
  s.per_round = sweep.design.points;
  return s;
}

ordered_json edge_design_json(const EdgeSpec& s) {
  return {{"kind", "bisect"},      {"metric", s.metric}, {"threshold", s.threshold}, {"precision", s.precision},
          {"points", s.per_round}, {"from", s.from},     {"to", s.to},               {"log", s.log},
          {"integral", s.integral}, {"unit", s.unit}};
}

EdgeSpec edge_spec(const ordered_json& d, const std::string& parameter) {
  EdgeSpec s;
  s.parameter = parameter;
  s.metric = d.at("metric").get<std::string>();
  s.threshold = d.at("threshold").get<double>();
  s.precision = d.at("precision").get<double>();
  s.per_round = d.at("points").get<int>();
  s.from = d.at("from").get<double>();
  s.to = d.at("to").get<double>();
  s.log = d.at("log").get<bool>();
  s.integral = d.at("integral").get<bool>();
  s.unit = d.at("unit").get<std::string>();
  return s;
}

bool EdgeSearch::past(const reports::MetricEstimate& m) const {
  if (!m.value) return !reports::higher_is_better(spec_.metric);
  return *m.value >= spec_.threshold;
}

bool EdgeSearch::surely(const reports::MetricEstimate& m) const {
  if (!m.value) return true;
  if (!m.ci95) return false;
  return past(m) ? m.ci95->first >= spec_.threshold : m.ci95->second < spec_.threshold;
}

std::optional<std::pair<double, double>> EdgeSearch::bracket() const {
  if (seen_.size() < 2) return std::nullopt;
  for (auto it = seen_.begin(), next = std::next(it); next != seen_.end(); ++it, ++next)
    if (past(it->second) != past(next->second)) return std::pair{it->first, next->first};
  return std::nullopt;
}

std::vector<ordered_json> EdgeSearch::next_round() const {
  const auto as_value = [&](double x) {
    return scenarios::parameter_value(spec_.log && !spec_.integral ? std::stod(fmt::format("{:.6g}", x)) : x, spec_.integral, spec_.unit);
  };
  if (seen_.empty()) return {as_value(spec_.from), as_value(spec_.to)};
  const auto b = bracket();
  if (!b || b->second - b->first <= spec_.precision) return {};
  std::vector<ordered_json> out;
  std::set<double> chosen;
  const int k = spec_.per_round;
  for (int i = 1; i <= k; ++i) {
    const double f = static_cast<double>(i) / (k + 1);
    double x = spec_.log ? b->first * std::pow(b->second / b->first, f) : b->first + (b->second - b->first) * f;
    if (spec_.integral) x = std::round(x);
    const ordered_json value = as_value(x);
    const double at = reports::numeric_value(value).value_or(x);
    if (at <= b->first || at >= b->second || seen_.count(at) != 0 || !chosen.insert(at).second) continue;
    out.push_back(value);
  }
  return out;
}

void EdgeSearch::record(const ordered_json& value, const reports::MetricEstimate& estimate) {
  if (const auto x = reports::numeric_value(value)) seen_[*x] = estimate;
}

reports::EdgeFound EdgeSearch::result() const {
  reports::EdgeFound e;
  e.parameter = spec_.parameter;
  e.metric = spec_.metric;
  e.threshold = spec_.threshold;
  e.precision = spec_.precision;
  if (seen_.size() < 2) {
    e.verdict = "not searched yet";
    return e;
  }
  const auto b = bracket();
  if (!b) {
    const auto& low = seen_.begin()->second;
    const auto describe = [](const reports::MetricEstimate& m) { return m.value ? fmt::format("{:.6g}", *m.value) : std::string("undefined"); };
    e.verdict = fmt::format("no crossing between {} and {}: {} is {} and {} there, both {} the threshold {}", seen_.begin()->first,
                            seen_.rbegin()->first, spec_.metric, describe(low), describe(seen_.rbegin()->second),
                            past(low) ? "at or above" : "below", spec_.threshold);
    return e;
  }
  e.low = b->first;
  e.high = b->second;
  const bool low_side = past(seen_.at(b->first));
  // The confident bracket: the nearest points, outward, sure of their side.
  for (auto it = seen_.find(b->first);; --it) {
    if (past(it->second) == low_side && surely(it->second)) {
      e.confident_low = it->first;
      break;
    }
    if (it == seen_.begin()) break;
  }
  for (auto it = seen_.find(b->second); it != seen_.end(); ++it)
    if (past(it->second) != low_side && surely(it->second)) {
      e.confident_high = it->first;
      break;
    }
  e.verdict = b->second - b->first <= spec_.precision ? "found" : "stopped before the precision asked for (no value left between the bracket's ends)";
  if (spec_.integral && b->second - b->first <= 1) e.verdict = "found";
  return e;
}

}  // namespace chaossim::tools
