#pragma once
// HealthChecker: active probes decide whether an instance takes traffic. An
// instance leaves balancing after `unhealthy_after` failed probes in a row and
// returns after `healthy_after` good ones in a row. Every instance starts healthy.
#include <vector>

#include "patterns/health_check_config.hpp"

namespace chaossim::patterns {

class HealthChecker {
 public:
  virtual ~HealthChecker() = default;
  virtual void on_probe(int instance, bool ok, double now) = 0;
  virtual bool healthy(int instance) const = 0;
};

class ReferenceHealthChecker final : public HealthChecker {
 public:
  ReferenceHealthChecker(const HealthCheckConfig& config, int instances)
      : config_(config), state_(static_cast<std::size_t>(instances)) {}
  void on_probe(int instance, bool ok, double now) override;
  bool healthy(int instance) const override { return state_[static_cast<std::size_t>(instance)].healthy; }

 private:
  struct State {
    bool healthy = true;
    int streak = 0;  // consecutive probes contradicting the current verdict
  };
  HealthCheckConfig config_;
  std::vector<State> state_;
};

}  // namespace chaossim::patterns
