#pragma once
// OutlierDetector: passive outlier detection, as Envoy's (consecutive 5xx)
// and Finagle's failure accrual. A caller watches the answers each instance
// gives its ordinary calls: `consecutive_errors` failures in a row eject the
// instance from balancing for base_ejection_time times the number of times it
// has been ejected (at most max_ejection_time), unless max_ejection_percent
// of the instances are out already (one may always be). Each
// base_ejection_time an instance stays in without being ejected takes one off
// its count, so a host that recovered is soon ejected briefly again.
#include <optional>
#include <vector>

#include "patterns/outlier_detection_config.hpp"

namespace chaossim::patterns {

class OutlierDetector {
 public:
  OutlierDetector(const OutlierDetectionConfig& config, int instances);

  // An answer from `instance`: whether it failed (a server error, a refusal,
  // a reset or a timeout; client errors and successes do not). When it
  // ejects the instance now, when the ejection ends.
  std::optional<double> on_answer(int instance, bool failed, double now);
  // An ejection's time is over: the instance takes traffic again.
  void returned(int instance, double now);
  bool ejected(int instance) const { return state_[static_cast<std::size_t>(instance)].ejected; }
  int ejected_count() const { return ejected_; }

 private:
  struct State {
    int streak = 0;  // failures in a row
    int ejections = 0;
    bool ejected = false;
    double in_since = 0;  // when it last returned, for its count's decay
  };
  int max_ejected() const;

  OutlierDetectionConfig config_;
  std::vector<State> state_;
  int ejected_ = 0;
};

}  // namespace chaossim::patterns
