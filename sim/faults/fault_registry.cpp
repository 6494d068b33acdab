// Gathers a scenario's faults into their effects: one add_effects() per kind
// of fault_list.hpp, each defined in faults/<kind>_effects.cpp, declared and
// dispatched here from the list, so that no switch names a kind by hand.
#include "sim/fault_effects.hpp"

#include <algorithm>

namespace chaossim::sim {

#define CHAOSSIM_DECLARE_EFFECTS(name, Params) \
  void add_effects(const scenarios::Params& kind, const scenarios::Fault& fault, const scenarios::Scenario& scenario, FaultEffects& out);
CHAOSSIM_FAULTS(CHAOSSIM_DECLARE_EFFECTS)
#undef CHAOSSIM_DECLARE_EFFECTS

std::vector<int> instances_taken(const scenarios::Fault& f, const scenarios::Scenario& s) {
  const auto* pick = f.instance_pick();
  const auto* service = s.find_service(f.target());
  if (pick == nullptr || service == nullptr || static_cast<int>(pick->chosen.size()) >= fault_instances(*service)) return {};
  std::vector<int> taken = pick->chosen;
  std::sort(taken.begin(), taken.end());
  return taken;
}

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
