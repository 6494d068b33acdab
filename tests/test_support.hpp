#pragma once
// Helpers shared by the tests: scenarios from inline JSON, and runs.
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "reports/statistics.hpp"
#include "reports/summary.hpp"
#include "scenarios/loader.hpp"
#include "sim/scenario_tester.hpp"

namespace chaossim::testing {

// What the loader says of a scenario's problems, one per line ("" when it loads).
inline std::string load_errors(const std::string& json_text) {
  std::string all;
  for (const auto& e : scenarios::load_scenario_text(json_text, "test.json").errors) all += e.format() + "\n";
  return all;
}

inline scenarios::ScenarioSet load_text(const std::string& json_text) {
  auto loaded = scenarios::load_scenario_text(json_text, "test.json");
  if (!loaded.scenarios) {
    std::string all;
    for (const auto& e : loaded.errors) all += e.format() + "\n";
    throw std::runtime_error("scenario did not load:\n" + all);
  }
  return std::move(*loaded.scenarios);
}

// Whether the loader reported a problem at `path` whose message says `words`.
inline bool mentions(const std::vector<scenarios::Diagnostic>& errors, const std::string& path, const std::string& words) {
  for (const auto& e : errors)
    if (e.path == path && e.message.find(words) != std::string::npos) return true;
  return false;
}

// Runs every variant of `set` (base first) and summarizes each.
inline std::vector<reports::VariantSummary> run_all(const scenarios::ScenarioSet& set, int jobs = 2) {
  std::vector<const scenarios::Scenario*> chosen{&set.base};
  for (const auto& v : set.variants) chosen.push_back(&v);
  sim::ResilienceScenarioTester tester(jobs);
  const auto runs = tester.run(chosen, set.base.replications, set.base.seed);
  std::vector<reports::VariantSummary> out;
  for (std::size_t i = 0; i < chosen.size(); ++i) out.push_back(reports::summarize(*chosen[i], runs[i]));
  return out;
}

// Each replication of the base scenario summarized alone: per-replication
// figures, for tolerances from the spread between replications.
inline std::vector<reports::VariantSummary> run_each_replication(const scenarios::ScenarioSet& set, int jobs = 2) {
  sim::ResilienceScenarioTester tester(jobs);
  const auto runs = tester.run({&set.base}, set.base.replications, set.base.seed);
  std::vector<reports::VariantSummary> out;
  for (const auto& run : runs.front()) out.push_back(reports::summarize(set.base, {run}));
  return out;
}

// Points [first, last] of a per-bucket series, averaged over those that have a value.
inline double mean_over(const std::vector<std::optional<double>>& series, std::size_t first, std::size_t last) {
  double sum = 0;
  int n = 0;
  for (std::size_t k = first; k <= last; ++k)
    if (series[k]) {
      sum += *series[k];
      ++n;
    }
  return n == 0 ? NAN : sum / n;
}

// `expected`, a closed form, lies in the 99% Student-t interval of the mean
// of `per_replication`: a tolerance the runs' own spread sets.
inline void check_within_ci99(const std::vector<double>& per_replication, double expected) {
  const auto ci = reports::mean_ci(per_replication, 0.99);
  REQUIRE(ci);
  INFO("mean " << reports::mean(per_replication) << ", 99% CI [" << ci->first << ", " << ci->second << "], theory " << expected);
  CHECK(ci->first <= expected);
  CHECK(expected <= ci->second);
}

}  // namespace chaossim::testing
