// A rolling restart (scenarios/faults/rolling_restart.hpp): per batch, the
// old processes exit after `drain` and are down (refusing) until their
// replacements serve, the service's restart.startup being the end of that
// (its startup windows follow each outage: service_crashes.cpp); the callers'
// balancers drop each instance `discovery_delay` after its batch starts and
// take it back `discovery_delay` after it serves again.
#include <algorithm>

#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::RollingRestartFault& r, const scenarios::Fault& f, const scenarios::Scenario& s,
                 FaultEffects& out) {
  auto& on = effects_on(out, s, r.target);
  const auto* service = s.find_service(r.target);
  const double startup = service != nullptr && service->restart ? service->restart->startup_s : 0;
  const double cycle = r.cycle_s(f.for_s);
  const auto& chosen = r.instances.chosen;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const double starts = f.at_s + cycle * static_cast<double>(k / static_cast<std::size_t>(r.batch));
    const double exits = starts + r.drain_s, serves = starts + cycle;
    on.outages.push_back({{exits, std::max(exits, serves - startup), 0}, chosen[k], scenarios::CrashMode::refuse});
    on.deregistered.push_back({{starts + r.discovery_delay_s, serves + r.discovery_delay_s, 0}, chosen[k], scenarios::CrashMode::refuse});
  }
}

}  // namespace chaossim::sim
