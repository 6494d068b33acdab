#pragma once
#include "patterns/config_problem.hpp"
#include <array>
#include <optional>
#include <vector>

#include "patterns/outcome.hpp"

namespace chaossim::patterns {

enum class BackoffKind { fixed, linear, exponential };
inline constexpr std::array<std::string_view, 3> backoff_kind_names{"fixed", "linear", "exponential"};

// Jitter strategies as in the AWS article "Exponential Backoff and Jitter",
// and proportional: the delay times U(1 - fraction, 1 + fraction), as
// Spring Retry's and gRPC's configurations write it.
enum class Jitter { none, full, equal, decorrelated, proportional };
inline constexpr std::array<std::string_view, 5> jitter_names{"none", "full", "equal", "decorrelated", "proportional"};

struct BackoffConfig {
  static constexpr double default_initial_s = 0.1;
  static constexpr double default_multiplier = 2.0;
  static constexpr double default_max_s = 10.0;

  BackoffKind kind = BackoffKind::exponential;
  double initial_s = default_initial_s;
  double multiplier = default_multiplier;
  double max_s = default_max_s;
};

// Token-bucket retry budget in the style of gRPC retry throttling / Finagle.
struct RetryBudgetConfig {
  static constexpr double default_ratio = 0.1;
  static constexpr double default_min_per_second = 10.0;

  double ratio = default_ratio;
  double min_per_second = default_min_per_second;
};

struct RetryConfig {
  static constexpr int default_max_attempts = 3;

  int max_attempts = default_max_attempts;  // total, including the first attempt
  BackoffConfig backoff;
  Jitter jitter = Jitter::none;
  double jitter_fraction = 0;  // proportional jitter's, in [0, 1]
  // Overloaded answers are retried as AWS's SDKs retry throttling errors: no
  // sooner than the Retry-After they carry (honour_retry_after).
  static constexpr std::array<Outcome, 4> default_retry_on{Outcome::error, Outcome::timeout, Outcome::unavailable,
                                                          Outcome::overloaded};
  std::vector<Outcome> retry_on{default_retry_on.begin(), default_retry_on.end()};
  // "client_error" in retry_on: client errors are retried too (as errors are;
  // with "error" in the list). By default they are not.
  bool retry_client_errors = false;
  // An answer's Retry-After is a floor under the next delay (HTTP's
  // Retry-After, gRPC's retry pushback); false ignores it.
  bool honour_retry_after = true;
  std::optional<RetryBudgetConfig> budget;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const RetryConfig& config);

}  // namespace chaossim::patterns
