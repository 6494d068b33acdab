#include "scenarios/scenario.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::scenarios {

int Service::endpoint_index(const std::optional<std::string>& wanted) const {
  if (!wanted) return 0;
  for (std::size_t e = 0; e < endpoints.size(); ++e)
    if (endpoints[e].name == *wanted) return static_cast<int>(e);
  return -1;
}

const Service* Scenario::find_service(const std::string& wanted) const {
  const int i = service_index(wanted);
  return i < 0 ? nullptr : &services[static_cast<std::size_t>(i)];
}

void Scenario::index_services() {
  service_indices_.clear();
  for (std::size_t i = 0; i < services.size(); ++i) service_indices_.emplace(services[i].name, static_cast<int>(i));
}

int Scenario::service_index(const std::string& wanted) const {
  if (const auto it = service_indices_.find(wanted); it != service_indices_.end()) {
    const auto i = static_cast<std::size_t>(it->second);
    if (i < services.size() && services[i].name == wanted) return it->second;
  }
  for (std::size_t i = 0; i < services.size(); ++i)
    if (services[i].name == wanted) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Scenario::zone_names() const {
  std::vector<std::string> names;
  const auto add = [&](const std::string& zone) {
    if (std::find(names.begin(), names.end(), zone) == names.end()) names.push_back(zone);
  };
  for (const auto& s : services)
    for (const auto& z : s.zones) add(z);
  for (const auto& c : clients)
    if (c.zone) add(*c.zone);
  return names;
}

int Scenario::zone_index(const std::string& zone) const {
  const auto names = zone_names();
  const auto it = std::find(names.begin(), names.end(), zone);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
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
