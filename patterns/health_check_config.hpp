#pragma once
#include "patterns/config_problem.hpp"

namespace chaossim::patterns {

// Who answers a probe at the instance: a health endpoint of its own
// (`dedicated`: a management port, as Spring Boot's `management.server.port`,
// answers at once), or the workers that serve requests (`shared`: the probe
// waits in the request queue for a worker, so a saturated instance fails its
// readiness probe).
enum class ProbeServing { dedicated, shared };

struct HealthCheckConfig {
  static constexpr int default_unhealthy_after = 3;
  static constexpr int default_healthy_after = 2;

  double interval_s = 5.0;
  double timeout_s = 1.0;
  int unhealthy_after = default_unhealthy_after;
  int healthy_after = default_healthy_after;
  ProbeServing probe = ProbeServing::dedicated;  // the simulated server's, not the checker's
};

// Its rules, key by key (config_problem.hpp).
ConfigProblems validate(const HealthCheckConfig& config);

}  // namespace chaossim::patterns
