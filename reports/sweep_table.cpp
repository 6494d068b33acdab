#include "reports/sweep_table.hpp"

#include <charconv>

#include <fmt/format.h>

#include "reports/csv_field.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

std::string value_text(const ordered_json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

std::string number_text(const std::optional<double>& x) { return x ? fmt::format("{}", *x) : ""; }

ordered_json optional_number(const std::optional<double>& x) { return x ? ordered_json(*x) : ordered_json(nullptr); }

std::optional<std::size_t> index_of(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  return std::nullopt;
}

}  // namespace

std::optional<double> numeric_value(const ordered_json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  double x = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (error != std::errc{} || end == text.data()) return std::nullopt;
  return x;
}

SweepRow sweep_row(const std::string& id, const std::vector<ordered_json>& values, const std::vector<std::string>& metrics,
                   const ordered_json& results) {
  SweepRow row{id, values, {}, std::nullopt};
  for (const auto& m : metrics) row.metrics.push_back(sweep_metric(results, m).estimate);
  if (results.contains("slo") && results["slo"].is_object() && results["slo"].contains("met"))   {
    row.slo_met = results["slo"]["met"].get<bool>();
    row.slo_verdict = verdict_in(results["slo"]);
  }
  return row;
}

std::optional<std::vector<std::optional<double>>> column(const SweepTable& table, const std::string& name) {
  std::vector<std::optional<double>> out;
  if (const auto m = index_of(table.metrics, name)) {
    for (const auto& row : table.rows) out.push_back(row.metrics[*m].value);
    return out;
  }
  if (const auto p = index_of(table.parameters, name)) {
    for (const auto& row : table.rows) out.push_back(numeric_value(row.values[*p]));
    return out;
  }
  return std::nullopt;
}

bool better_higher(const SweepTable& table, const std::string& name) {
  return index_of(table.metrics, name) ? higher_is_better(name) : false;
}

std::vector<std::string> pareto_front(const SweepTable& table, const std::string& x, const std::string& y) {
  const auto xs = column(table, x);
  const auto ys = column(table, y);
  std::vector<std::string> front;
  if (!xs || !ys) return front;
  // Oriented so that more is better on both axes.
  const double xo = better_higher(table, x) ? 1 : -1, yo = better_higher(table, y) ? 1 : -1;
  std::vector<std::pair<double, double>> at(table.rows.size());
  std::vector<bool> present(table.rows.size(), false);
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    if ((*xs)[i] && (*ys)[i]) {
      at[i] = {xo * *(*xs)[i], yo * *(*ys)[i]};
      present[i] = true;
    }
  }
  // Best x first; within an x, best y first. A point is on the front when
  // it is the best y of its x and beats the best y of every better x: a
  // sweep of a million points sorts once rather than comparing every pair.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < at.size(); ++i)
    if (present[i]) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return at[a] > at[b]; });
  std::vector<bool> on_front(at.size(), false);
  std::optional<double> best_y;  // over the points of a better x
  for (std::size_t k = 0; k < order.size();) {
    std::size_t end = k;
    while (end < order.size() && at[order[end]].first == at[order[k]].first) ++end;
    const double top = at[order[k]].second;
    for (std::size_t m = k; m < end && at[order[m]].second == top; ++m)
      if (!best_y || top > *best_y) on_front[order[m]] = true;
    if (!best_y || top > *best_y) best_y = top;
    k = end;
  }
  for (std::size_t i = 0; i < at.size(); ++i)
    if (on_front[i]) front.push_back(table.rows[i].id);
  return front;
}

std::string sweep_csv(const SweepTable& table) {
  std::string out = "point";
  for (const auto& p : table.parameters) out += "," + csv_field(p);
  for (const auto& m : table.metrics) out += fmt::format(",{0},{0}_ci_low,{0}_ci_high", csv_field(m));
  out += "\n";
  for (const auto& row : table.rows) {
    out += row.id;
    for (const auto& v : row.values) out += "," + csv_field(value_text(v));
    for (const auto& m : row.metrics)
      out += fmt::format(",{},{},{}", number_text(m.value), number_text(m.ci95 ? std::optional(m.ci95->first) : std::nullopt),
                         number_text(m.ci95 ? std::optional(m.ci95->second) : std::nullopt));
    out += "\n";
  }
  return out;
}

ordered_json sweep_json(const SweepTable& table, const ordered_json& sweep_document) {
  ordered_json j;
  j["schema"] = sweep_results_schema_id;
  j["name"] = table.name;
  j["parameters"] = table.parameters;
  j["metrics"] = table.metrics;
  ordered_json points = ordered_json::array();
  for (const auto& row : table.rows) {
    ordered_json p;
    p["point"] = row.id;
    ordered_json values = ordered_json::object();
    for (std::size_t i = 0; i < row.values.size() && i < table.parameters.size(); ++i) values[table.parameters[i]] = row.values[i];
    p["parameters"] = std::move(values);
    ordered_json metrics = ordered_json::object();
    for (std::size_t i = 0; i < row.metrics.size() && i < table.metrics.size(); ++i) {
      const auto& m = row.metrics[i];
      metrics[table.metrics[i]] = {{"value", optional_number(m.value)},
                                   {"ci95", m.ci95 ? ordered_json::array({m.ci95->first, m.ci95->second}) : ordered_json(nullptr)}};
    }
    p["metrics"] = std::move(metrics);
    p["slo_met"] = row.slo_met ? ordered_json(*row.slo_met) : ordered_json(nullptr);
    p["slo_verdict"] = row.slo_verdict ? ordered_json(verdict_name(*row.slo_verdict)) : ordered_json(nullptr);
    points.push_back(std::move(p));
  }
  j["points"] = std::move(points);
  if (table.pareto.size() == 2)
    j["pareto"] = {{"x", table.pareto[0]}, {"y", table.pareto[1]}, {"front", table.pareto_front}};
  if (table.edge) {
    const auto& e = *table.edge;
    j["edge"] = {{"parameter", e.parameter},
                 {"metric", e.metric},
                 {"threshold", e.threshold},
                 {"precision", e.precision},
                 {"verdict", e.verdict},
                 {"low", optional_number(e.low)},
                 {"high", optional_number(e.high)},
                 {"estimate", e.low && e.high ? ordered_json((*e.low + *e.high) / 2) : ordered_json(nullptr)},
                 {"confident_low", optional_number(e.confident_low)},
                 {"confident_high", optional_number(e.confident_high)}};
  }
  j["sweep"] = sweep_document;
  return j;
}

}  // namespace chaossim::reports
