#pragma once

namespace chaossim::patterns {

struct HedgeConfig {
  static constexpr int default_max_hedges = 1;

  double after_s = 0.1;
  int max_hedges = default_max_hedges;
};

}  // namespace chaossim::patterns
