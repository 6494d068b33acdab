#pragma once
// A distribution of durations: a service's time per request, a fault's length
// under a random schedule. Stated in seconds.
namespace chaossim::scenarios {

enum class DistKind { constant, exponential, lognormal, uniform };

struct Distribution {
  DistKind kind = DistKind::constant;
  double value_s = 0;   // constant
  double mean_s = 0;    // exponential
  double median_s = 0;  // lognormal
  double p99_s = 0;     // lognormal
  double min_s = 0;     // uniform
  double max_s = 0;     // uniform
};

}  // namespace chaossim::scenarios
