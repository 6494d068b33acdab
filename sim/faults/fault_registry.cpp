// Gathers a scenario's faults into their effects: one add_effects() per kind
// of fault_list.hpp, each defined in faults/<kind>_effects.cpp, declared and
// dispatched here from the list, so that no switch names a kind by hand.
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

#define CHAOSSIM_DECLARE_EFFECTS(name, Params) \
  void add_effects(const scenarios::Params& kind, const scenarios::Fault& fault, const scenarios::Scenario& scenario, FaultEffects& out);
CHAOSSIM_FAULTS(CHAOSSIM_DECLARE_EFFECTS)
#undef CHAOSSIM_DECLARE_EFFECTS

FaultEffects fault_effects(const scenarios::Scenario& s, const FaultTimeline& timeline) {
  FaultEffects out;
  out.services.resize(s.services.size());
  out.arrival_multipliers.resize(s.clients.size());
  for (const auto& occurrence : timeline.occurrences) {
    const auto& fault = occurrence.played;
    std::visit([&](const auto& kind) { add_effects(kind, fault, s, out); }, fault.params);
  }
  return out;
}

}  // namespace chaossim::sim
