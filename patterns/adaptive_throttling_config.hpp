#pragma once
// Settings of client-side adaptive throttling (adaptive_throttling.hpp), as
// the SRE book's "Handling Overload" gives them: K = 2, two minutes.
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

struct AdaptiveThrottlingConfig {
  static constexpr double default_k = 2.0;
  static constexpr double default_window_s = 120.0;

  // How many requests per accepted one the client lets through before it
  // rejects locally: the backend sees at most about K x what it accepts.
  double k = default_k;
  double window_s = default_window_s;  // requests and accepts are counted over it
};

// The config's fields, for readers and writers that need no knowledge of its
// type (the scenario loader, the JSON Schema test), in the order a user reads them.
template <class Fields>
void describe_fields(AdaptiveThrottlingConfig& c, Fields& f) {
  f.number("k", c.k);
  f.duration("window", c.window_s);
}

ConfigProblems validate(const AdaptiveThrottlingConfig& config);

}  // namespace chaossim::patterns
