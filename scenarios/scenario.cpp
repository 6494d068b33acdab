#include "scenarios/scenario.hpp"

#include <cmath>

namespace chaossim::scenarios {

const Service* Scenario::find_service(const std::string& wanted) const {
  for (const auto& s : services)
    if (s.name == wanted) return &s;
  return nullptr;
}

int Scenario::service_index(const std::string& wanted) const {
  for (std::size_t i = 0; i < services.size(); ++i)
    if (services[i].name == wanted) return static_cast<int>(i);
  return -1;
}

const Scenario* ScenarioSet::find(const std::string& variant) const {
  if (variant == base.variant) return &base;
  for (const auto& v : variants)
    if (v.variant == variant) return &v;
  return nullptr;
}

std::vector<std::string> ScenarioSet::variant_names() const {
  std::vector<std::string> names{base.variant};
  for (const auto& v : variants) names.push_back(v.variant);
  return names;
}

}  // namespace chaossim::scenarios
