#include "patterns/health_check.hpp"

namespace chaossim::patterns {

void ReferenceHealthChecker::on_probe(int instance, bool ok, double) {
  State& s = state_[static_cast<std::size_t>(instance)];
  if (ok == s.healthy) {
    s.streak = 0;  // the verdict stands; a contrary streak must start over
    return;
  }
  ++s.streak;
  if (s.streak >= (s.healthy ? config_.unhealthy_after : config_.healthy_after)) {
    s.healthy = !s.healthy;
    s.streak = 0;
  }
}

}  // namespace chaossim::patterns
