#pragma once
// compare.json v1: the variants of a scenario (or results directories run on
// the same seeds) side by side, metric by metric, each against a baseline by
// the difference paired by replication: replication i of every variant ran on
// the same random numbers, so the pair's difference shows the configuration's
// effect without the noise the two runs share.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chaossim::reports {

inline constexpr const char* compare_schema_id = "chaossim/compare/v1";

struct Compared {
  std::string name;                    // the column: a variant or a directory
  const nlohmann::ordered_json* results;  // its results.json object (one variant)
};

struct Difference {
  std::optional<double> mean;
  // Paired; never narrower than the two figures' steps (a latency quantile's
  // histogram bin, a recovery's bucket), half of each either side of the mean.
  std::optional<std::pair<double, double>> ci95;
  std::optional<std::pair<double, double>> unpaired_ci95;  // Welch, for comparison
  bool significant = false;                                // the paired interval excludes 0
};

struct MetricRow {
  std::string metric;  // a path into results.json: clients.users.availability
  std::string better;  // "higher", "lower" or "" (neither: no best)
  std::vector<std::optional<double>> values;  // per variant, its mean over replications
  std::vector<Difference> diff;               // per variant; the baseline's is empty
  std::optional<std::string> best;
};

struct Comparison {
  std::string scenario, baseline;
  std::vector<std::string> variants;
  int replications = 0;
  bool paired = true;  // false: Welch intervals, each variant's replications apart
  std::vector<std::string> notes;  // what the reader should know (edited copies, what differs)
  std::vector<MetricRow> rows;
};

// Why two results cannot be paired replication by replication (another
// scenario, duration, warmup, bucket, seed or number of replications), in
// words naming both and what differs; empty when they can.
std::string pairing_problem(const Compared& a, const Compared& b);

// Throws std::invalid_argument when the results cannot be paired, unless
// `unpaired`: then they are compared with Welch intervals, and the notes say
// what differs.
Comparison compare(const std::vector<Compared>& variants, const std::string& baseline, bool unpaired = false);

nlohmann::ordered_json compare_json(const Comparison& c);
std::string compare_table(const Comparison& c);  // for the console

}  // namespace chaossim::reports
