#pragma once
// Which call edges a fault can be seen from: those whose calls reach a service
// it hits (directly or through the callee's own calls), or, for an overload,
// every edge its client's requests travel. A pattern's reaction counts as the
// detection of a fault only on these edges, so that the steady work of an
// unrelated pattern (a best-effort call's fallback) does not pass for one.
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/edges.hpp"
#include "sim/fault_timeline.hpp"

namespace chaossim::sim {

// [occurrence][edge]: 1 when the fault occurrence can be seen from the edge.
std::vector<std::vector<char>> fault_scopes(const scenarios::Scenario& scenario, const FaultTimeline& timeline,
                                            const std::vector<EdgeInfo>& edges);

}  // namespace chaossim::sim
