#include "patterns/outlier_detection.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::patterns {

OutlierDetector::OutlierDetector(const OutlierDetectionConfig& config, int instances)
    : config_(config), state_(static_cast<std::size_t>(std::max(instances, 0))) {}

int OutlierDetector::max_ejected() const {
  const double share = config_.max_ejection_percent / 100 * static_cast<double>(state_.size());
  return std::max(1, static_cast<int>(std::floor(share + 1e-9)));
}

std::optional<double> OutlierDetector::on_answer(int instance, bool failed, double now) {
  State& s = state_[static_cast<std::size_t>(instance)];
  // Answers to calls sent before it was ejected still come: they teach nothing new.
  if (s.ejected) return std::nullopt;
  if (!failed) {
    s.streak = 0;
    return std::nullopt;
  }
  if (++s.streak < config_.consecutive_errors || ejected_ >= max_ejected()) return std::nullopt;
  // Its count falls by one for each base time it has been in since it last returned.
  if (s.ejections > 0) {
    const auto calm = static_cast<int>(std::floor((now - s.in_since) / config_.base_ejection_time_s));
    s.ejections = std::max(0, s.ejections - calm);
  }
  ++s.ejections;
  s.ejected = true;
  s.streak = 0;
  ++ejected_;
  return now + std::min(config_.base_ejection_time_s * s.ejections, std::max(config_.max_ejection_time_s, config_.base_ejection_time_s));
}

void OutlierDetector::returned(int instance, double now) {
  State& s = state_[static_cast<std::size_t>(instance)];
  if (!s.ejected) return;
  s.ejected = false;
  s.in_since = now;
  --ejected_;
}

}  // namespace chaossim::patterns
