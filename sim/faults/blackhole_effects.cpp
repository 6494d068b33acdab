// A black hole swallows one direction of the target's endpoint (the call path plays it).
#include "sim/fault_effects.hpp"

namespace chaossim::sim {

void add_effects(const scenarios::BlackholeFault& b, const scenarios::Fault& f, const scenarios::Scenario& s, FaultEffects& out) {
  using scenarios::BlackholeDrop;
  const auto& service = *s.find_service(b.target);
  const int endpoint = b.endpoint ? service.endpoint_index(b.endpoint) : -1;
  effects_on(out, s, b.target).blackholes.push_back(
      {window_on_instances(f, s, 0), endpoint, b.drop != BlackholeDrop::answers, b.drop != BlackholeDrop::requests});
}

}  // namespace chaossim::sim
