#pragma once
// What a server sheds before doing work (server_admission.hpp): the config a
// service, or one of its endpoints, gives each of its instances.
#include <array>
#include <optional>

#include "patterns/config_problem.hpp"
#include "patterns/enum_names.hpp"
#include "patterns/priority.hpp"
#include "patterns/rate_limiter_config.hpp"

namespace chaossim::patterns {

// Facebook's CoDel for server queues (folly's executors/Codel): over each
// `interval`, the least time a request waited in the queue; when even that
// exceeded `target`, the queue is standing, and until the next interval
// says otherwise, requests that waited more than twice the target are shed
// as they come up. Folly's defaults.
struct QueueDelayConfig {
  static constexpr double default_target_s = 0.005;
  static constexpr double default_interval_s = 0.1;

  double target_s = default_target_s;
  double interval_s = default_interval_s;
};

struct AdmissionConfig {
  std::optional<RateLimiterConfig> rate_limit;
  // Requests an instance holds at once (in service, queued, or in a leaky
  // bucket); those past it are shed as they arrive. The service's only.
  std::optional<int> max_concurrent;
  std::optional<QueueDelayConfig> queue_delay;
  // What its shed answers say about coming back: a fixed Retry-After, or (a
  // rate limiter's refusals) when the limiter would permit a call; none when unset.
  std::optional<double> retry_after_s;
  bool retry_after_from_limiter = false;
  // How much of each limit a class of requests may fill (Priority order):
  // the rest is kept for the classes above it, so the least important are
  // shed first (criticality as Google's and Envoy's servers shed by it).
  // Under CoDel a class may wait its share of twice the target.
  static constexpr std::array<double, priority_count> default_priority_shares{1, 1, 0.75, 0.5};
  std::array<double, priority_count> priority_shares = default_priority_shares;
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const QueueDelayConfig& config);
ConfigProblems validate(const AdmissionConfig& config);

}  // namespace chaossim::patterns
