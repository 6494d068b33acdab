#pragma once
// Statistics over independent replications.
#include <optional>
#include <utility>
#include <vector>

namespace chaossim::reports {

double mean(const std::vector<double>& xs);
double sample_stddev(const std::vector<double>& xs);  // n - 1 in the denominator
// Two-sided confidence interval of the mean by Student's t; nullopt with fewer than 2 values.
std::optional<std::pair<double, double>> mean_ci(const std::vector<double>& xs, double confidence = 0.95);
// Half-width of that interval (0 with fewer than 2 values).
double mean_ci_half_width(const std::vector<double>& xs, double confidence = 0.95);

// mean_ci, never narrower than `resolution`, half of it either side of the
// mean: a figure measured in steps (a histogram's bins, a series' buckets)
// is not known closer than a step, however alike the replications are.
std::optional<std::pair<double, double>> mean_ci_at_resolution(const std::vector<double>& xs, double resolution,
                                                               double confidence = 0.95);

// An interval of a figure that cannot be below `lowest` (a duration: 0), cut there.
std::optional<std::pair<double, double>> cut_below(std::optional<std::pair<double, double>> interval, double lowest);

// Welch's confidence interval of mean(a) - mean(b) for independent samples;
// nullopt unless both have 2 values or more.
std::optional<std::pair<double, double>> welch_ci(const std::vector<double>& a, const std::vector<double>& b,
                                                  double confidence = 0.95);

}  // namespace chaossim::reports
