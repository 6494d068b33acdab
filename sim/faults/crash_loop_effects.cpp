// A crash loop is a crash of `down` every `down` + `uptime`, until the fault ends.
#include <algorithm>

#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::CrashLoopFault& c, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  auto& on = effects_on(out, s, c.target);
  const double end = f.end_s(), cycle = c.down_s + c.uptime_s;
  for (int k = 0; f.at_s + cycle * k < end; ++k) {
    const double down_at = f.at_s + cycle * k;
    for (int instance : c.instances.chosen) on.outages.push_back({{down_at, std::min(end, down_at + c.down_s), 0}, instance, c.mode});
  }
}

}  // namespace chaossim::sim
