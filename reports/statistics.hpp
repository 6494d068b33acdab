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

// Welch's confidence interval of mean(a) - mean(b) for independent samples;
// nullopt unless both have 2 values or more.
std::optional<std::pair<double, double>> welch_ci(const std::vector<double>& a, const std::vector<double>& b,
                                                  double confidence = 0.95);

}  // namespace chaossim::reports
