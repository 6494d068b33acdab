#pragma once
// What a service's utilization is of: its workers times its time. An
// autoscaled service's workers are those of the instances it ran (in
// service, or serving what they held before stopping), which its levels say.
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace chaossim::reports {

// Worker-seconds over `span` seconds, given the service's named levels' areas over it.
inline double worker_seconds(const scenarios::Service& service, const std::vector<std::string>& level_names,
                             const std::vector<double>& named_area, double span) {
  if (!service.autoscaling) return service.worker_slots() * span;
  double instance_seconds = 0;
  for (std::size_t k = 0; k < level_names.size() && k < named_area.size(); ++k)
    if (level_names[k] == "instances" || level_names[k] == "instances_draining") instance_seconds += named_area[k];
  return instance_seconds * service.workers;
}

}  // namespace chaossim::reports
