#include "patterns/timeout.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::patterns {

namespace {
// Recomputing on every sample would cost a selection each call; every 16th
// sample keeps the estimate fresh at a sixteenth of the cost.
constexpr std::size_t recompute_every = 16;
}  // namespace

ReferenceTimeout::ReferenceTimeout(const TimeoutConfig& config)
    : config_(config), current_s_(config.adaptive ? config.adaptive->initial() : config.after_s) {
  if (config_.adaptive) {
    recent_.reserve(window);
    scratch_.reserve(window);
  }
}

double ReferenceTimeout::timeout_s(double) { return current_s_; }

void ReferenceTimeout::on_result(double, double latency_s, bool timed_out) {
  if (!config_.adaptive || timed_out) return;
  const double sample = latency_s;
  if (recent_.size() < window) recent_.push_back(sample);
  else recent_[next_] = sample;
  next_ = (next_ + 1) % window;
  if (++since_recompute_ >= recompute_every || recent_.size() == minimum_samples) recompute();
}

void ReferenceTimeout::recompute() {
  since_recompute_ = 0;
  if (recent_.size() < minimum_samples) return;
  const auto& a = *config_.adaptive;
  scratch_.assign(recent_.begin(), recent_.end());
  const auto rank = static_cast<std::size_t>(std::ceil(a.quantile * static_cast<double>(scratch_.size()))) - 1;
  std::nth_element(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(rank), scratch_.end());
  current_s_ = std::clamp(scratch_[rank] * a.multiplier, a.min_s, a.max_s);
}

}  // namespace chaossim::patterns
