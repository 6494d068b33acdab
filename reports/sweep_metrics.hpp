#pragma once
// A sweep's metrics: paths into a point's results.json
// ("clients.users.availability", "clients.users.success_latency_ms.p99",
// "faults.0.recover_s", "edges.1.retry_amplification"), each read with a 95%
// confidence interval over the point's replications (Student t) where
// results.json keeps the replications' values. `faults.max_recover_s` is the
// largest `recover_s` over the faults (null when one never recovered), with
// that fault's interval.
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "scenarios/scenario.hpp"

namespace chaossim::reports {

struct MetricEstimate {
  std::optional<double> value;  // null in results.json: undefined (nothing succeeded, never recovered)
  std::optional<std::pair<double, double>> ci95;
};

struct MetricLookup {
  MetricEstimate estimate;
  std::string problem;  // the path leads to no number in these results: why, with a did-you-mean
};

MetricLookup sweep_metric(const nlohmann::ordered_json& results, const std::string& metric);

// Why `metric` cannot name a figure of this scenario's results (no client or
// service of that name, no fault of that index, not a part of results.json),
// checked before anything runs; empty when it may. What lies below those
// names is checked against the first results.
std::string metric_problem(const std::string& metric, const scenarios::Scenario& scenario);

// Whether more of the metric is better: availability, throughput and the
// like; latencies, recovery times, error counts are better lower.
bool higher_is_better(const std::string& metric);

}  // namespace chaossim::reports
