#pragma once
// Settings of passive outlier detection (outlier_detection.hpp). Defaults are
// Envoy's outlier detection's: consecutive_5xx 5, base_ejection_time 30 s,
// max_ejection_time 300 s, max_ejection_percent 10.
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct OutlierDetectionConfig {
  static constexpr int default_consecutive_errors = 5;
  static constexpr double default_base_ejection_time_s = 30;
  static constexpr double default_max_ejection_time_s = 300;
  static constexpr double default_max_ejection_percent = 10;

  int consecutive_errors = default_consecutive_errors;  // failed answers in a row that eject an instance
  double base_ejection_time_s = default_base_ejection_time_s;  // times the instance's ejections so far
  double max_ejection_time_s = default_max_ejection_time_s;
  // At most this share of the instances out at once, but always one.
  double max_ejection_percent = default_max_ejection_percent;
};

// The config's fields, for readers and writers that need no knowledge of its
// type (the scenario loader, the JSON Schema test): one call per field.
template <class Fields>
void describe_fields(OutlierDetectionConfig& c, Fields& f) {
  f.integer("consecutive_errors", c.consecutive_errors);
  f.duration("base_ejection_time", c.base_ejection_time_s);
  f.duration("max_ejection_time", c.max_ejection_time_s);
  f.number("max_ejection_percent", c.max_ejection_percent);
}

ConfigProblems validate(const OutlierDetectionConfig& config);

}  // namespace chaossim::patterns
