#include "reports/sweep_metrics.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "reports/slo_check.hpp"
#include "reports/statistics.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/json_path.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

constexpr std::string_view max_recover = "faults.max_recover_s";

// A metric's parts: written with dots (numbers index arrays), or as a JSON
// path ($.clients["a.b"].availability) for names holding a dot.
std::optional<std::vector<scenarios::JsonPath::Segment>> parts_of(const std::string& metric, std::string& problem) {
  if (!metric.empty() && metric[0] == '$') {
    const auto path = scenarios::JsonPath::parse(metric, problem);
    if (!path) return std::nullopt;
    return path->segments();
  }
  std::vector<scenarios::JsonPath::Segment> parts;
  std::size_t at = 0;
  while (at <= metric.size()) {
    const std::size_t end = std::min(metric.find('.', at), metric.size());
    const std::string part = metric.substr(at, end - at);
    if (part.empty()) {
      problem = "an empty part between dots, expected a path such as \"clients.users.availability\"";
      return std::nullopt;
    }
    const bool digits = part.size() < 10 && part.find_first_not_of("0123456789") == std::string::npos;
    parts.push_back(digits ? scenarios::JsonPath::Segment{{}, std::stoul(part), true} : scenarios::JsonPath::Segment{part, 0, false});
    at = end + 1;
  }
  return parts;
}

std::vector<std::string_view> keys_of(const ordered_json& object) {
  std::vector<std::string_view> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

std::optional<std::pair<double, double>> interval_of(const ordered_json* samples) {
  if (samples == nullptr || !samples->is_array()) return std::nullopt;
  std::vector<double> xs;
  for (const auto& x : *samples) {
    if (!x.is_number()) return std::nullopt;  // a replication without the figure: no interval of the mean
    xs.push_back(x.get<double>());
  }
  return mean_ci(xs);
}

MetricLookup largest_recovery(const ordered_json& results) {
  MetricLookup out;
  if (!results.contains("faults") || results["faults"].empty()) {
    out.problem = "the scenario has no faults";
    return out;
  }
  const ordered_json* worst = nullptr;
  for (const auto& f : results["faults"]) {
    if (!f["recover_s"].is_number()) return out;  // one never recovered: null
    if (worst == nullptr || f["recover_s"].get<double>() > (*worst)["recover_s"].get<double>()) worst = &f;
  }
  out.estimate.value = (*worst)["recover_s"].get<double>();
  if (worst->contains("recover_s_ci95"))
    out.estimate.ci95 = interval_in(*worst, "recover_s_ci95");
  else
    out.estimate.ci95 = interval_of(worst->contains("recover_s_by_replication") ? &(*worst)["recover_s_by_replication"] : nullptr);
  return out;
}

}  // namespace

MetricLookup sweep_metric(const ordered_json& results, const std::string& metric) {
  if (metric == max_recover) return largest_recovery(results);
  MetricLookup out;
  const auto parts = parts_of(metric, out.problem);
  if (!parts) return out;
  const ordered_json* node = &results;
  const ordered_json* parent = nullptr;
  const ordered_json* grandparent = nullptr;
  std::string walked = "results.json";
  for (const auto& part : *parts) {
    grandparent = parent;
    parent = node;
    if (part.is_index) {
      if (!node->is_array() || part.index >= node->size()) {
        out.problem = fmt::format("{} has no element {}", walked, part.index);
        return out;
      }
      node = &(*node)[part.index];
      walked += fmt::format(".{}", part.index);
    } else {
      if (!node->is_object() || !node->contains(part.key)) {
        const auto keys = node->is_object() ? keys_of(*node) : std::vector<std::string_view>{};
        out.problem = fmt::format("{} has no \"{}\"{}", walked, part.key, scenarios::did_you_mean(part.key, keys));
        if (!keys.empty() && keys.size() <= 30) out.problem += fmt::format(" (it has: {})", fmt::join(keys, ", "));
        return out;
      }
      node = &(*node)[part.key];
      walked += "." + part.key;
    }
  }
  if (!node->is_number() && !node->is_null()) {
    out.problem = fmt::format("{} is not a number but {}, expected a path to one of its figures", walked,
                              node->is_object() ? "an object" : node->is_array() ? "an array" : "text or a boolean");
    return out;
  }
  if (node->is_number()) out.estimate.value = node->get<double>();
  // The figure's own interval where results.json has one, beside the figure
  // (availability_ci95) or beside its object (success_latency_ms_ci95.p99):
  // it knows the figure's step (a histogram bin, a bucket). Else one made of
  // the replications' values, kept beside the figure
  // (degraded_fraction_by_replication) or its object.
  const auto& last = parts->back();
  if (last.is_index) return out;
  const std::string ci = last.key + "_ci95";
  if (parent != nullptr && parent->is_object() && parent->contains(ci)) {
    out.estimate.ci95 = interval_in(*parent, ci);
    return out;
  }
  if (grandparent != nullptr && parts->size() >= 2 && !(*parts)[parts->size() - 2].is_index) {
    const std::string holder = (*parts)[parts->size() - 2].key + "_ci95";
    if (grandparent->is_object() && grandparent->contains(holder) && (*grandparent)[holder].is_object() &&
        (*grandparent)[holder].contains(last.key)) {
      out.estimate.ci95 = interval_in((*grandparent)[holder], last.key);
      return out;
    }
  }
  const std::string by = last.key + "_by_replication";
  if (parent != nullptr && parent->is_object() && parent->contains(by)) {
    out.estimate.ci95 = interval_of(&(*parent)[by]);
  } else if (grandparent != nullptr && parts->size() >= 2 && !(*parts)[parts->size() - 2].is_index) {
    const std::string holder = (*parts)[parts->size() - 2].key + "_by_replication";
    if (grandparent->is_object() && grandparent->contains(holder) && (*grandparent)[holder].is_object() &&
        (*grandparent)[holder].contains(last.key))
      out.estimate.ci95 = interval_of(&(*grandparent)[holder][last.key]);
  }
  return out;
}

std::string metric_problem(const std::string& metric, const scenarios::Scenario& scenario) {
  if (metric == max_recover) return scenario.faults.empty() ? "the scenario has no faults, so no recovery time" : "";
  std::string problem;
  const auto parts = parts_of(metric, problem);
  if (!parts) return problem;
  static const std::vector<std::string_view> sections{"clients", "services", "edges", "faults", "slo", "steady_state"};
  const auto& head = parts->front();
  if (head.is_index || std::find(sections.begin(), sections.end(), head.key) == sections.end())
    return fmt::format("\"{}\" is not a part of results.json with figures, expected one of {}{}", head.is_index ? "" : head.key,
                       fmt::join(sections, ", "), scenarios::did_you_mean(head.key, sections));
  if (parts->size() < 2) return fmt::format("\"{}\" alone is not a figure, expected a path to one, such as \"{}.<name>.<figure>\"", head.key, head.key);
  const auto& second = (*parts)[1];
  const auto named = [&](const std::vector<std::string>& names, std::string_view what) -> std::string {
    if (second.is_index || std::find(names.begin(), names.end(), second.key) != names.end()) return "";
    std::vector<std::string_view> views(names.begin(), names.end());
    return fmt::format("the scenario has no {} \"{}\"{}; its {}s: {}", what, second.key, scenarios::did_you_mean(second.key, views), what,
                       fmt::join(names, ", "));
  };
  if (head.key == "clients") {
    std::vector<std::string> names;
    for (const auto& c : scenario.clients) names.push_back(c.name);
    return named(names, "client");
  }
  if (head.key == "services") {
    std::vector<std::string> names;
    for (const auto& s : scenario.services) names.push_back(s.name);
    return named(names, "service");
  }
  if (head.key == "faults" && (!second.is_index || second.index >= scenario.faults.size()))
    return fmt::format("the scenario has {} fault{}, numbered from 0: expected faults.<index>.<figure> or faults.max_recover_s",
                       scenario.faults.size(), scenario.faults.size() == 1 ? "" : "s");
  return "";
}

bool higher_is_better(const std::string& metric) {
  for (const char* better : {"availability", "throughput", "goodput", "successes", "met"})
    if (metric.find(better) != std::string::npos) return true;
  return false;
}

}  // namespace chaossim::reports
