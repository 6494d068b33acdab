#pragma once
// The patterns around one call, as a scenario configures them: one optional
// config per pattern of pattern_list.hpp (absent means not applied), and the
// order they nest in.
#include <optional>
#include <vector>

#include "patterns/adaptive_concurrency_config.hpp"
#include "patterns/adaptive_throttling_config.hpp"
#include "patterns/bulkhead_config.hpp"
#include "patterns/circuit_breaker_config.hpp"
#include "patterns/fallback_config.hpp"
#include "patterns/health_check_config.hpp"
#include "patterns/outlier_detection_config.hpp"
#include "patterns/hedge_config.hpp"
#include "patterns/pattern_kind.hpp"
#include "patterns/rate_limiter_config.hpp"
#include "patterns/retry_config.hpp"
#include "patterns/timeout_config.hpp"

namespace chaossim::patterns {

inline const std::vector<PatternKind> default_pattern_order{all_pattern_kinds.begin(), all_pattern_kinds.end()};

struct PipelineConfig {
#define CHAOSSIM_FIELD(name, Config, role) std::optional<Config> name;
  CHAOSSIM_PATTERNS(CHAOSSIM_FIELD)
#undef CHAOSSIM_FIELD
  std::vector<PatternKind> order = default_pattern_order;
};

}  // namespace chaossim::patterns
