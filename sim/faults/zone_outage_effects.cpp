// A zone's outage is a crash of every service's instances in the zone.
#include <algorithm>

#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::ZoneOutageFault& z, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& zones = s.services[i].zones;
    const auto at = std::find(zones.begin(), zones.end(), z.zone());
    if (at == zones.end()) continue;
    Outage o{window_of(f, 0), -1, z.mode};
    o.zone = static_cast<int>(at - zones.begin());
    o.zones = static_cast<int>(zones.size());
    out.services[i].outages.push_back(o);
  }
}

}  // namespace chaossim::sim
