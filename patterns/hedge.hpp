#pragma once
// Hedge: when an attempt has not answered after `after`, send another, up to
// `max_hedges` extra attempts; the first answer wins and the others are
// cancelled. The caller keeps time; this says whether to hedge.
#include <optional>

#include "patterns/hedge_config.hpp"

namespace chaossim::patterns {

class HedgePolicy {
 public:
  explicit HedgePolicy(const HedgeConfig& config) : config_(config) {}
  // `hedges_sent` extra attempts are out and none has answered: when to send
  // the next (started + (hedges_sent + 1) x after), or nullopt for never.
  std::optional<double> next_hedge_at(double started, int hedges_sent) const {
    if (hedges_sent >= config_.max_hedges) return std::nullopt;
    return started + (hedges_sent + 1) * config_.after_s;
  }

 private:
  HedgeConfig config_;
};

}  // namespace chaossim::patterns
