#include "scenarios/scenario.hpp"

#include <cmath>

namespace chaossim::scenarios {

double Distribution::mean() const {
  switch (kind) {
    case DistKind::constant: return value_s;
    case DistKind::exponential: return mean_s;
    case DistKind::uniform: return (min_s + max_s) / 2;
    case DistKind::lognormal: {
      // mu = ln(median); sigma from the 99th percentile: p99 = exp(mu + z99 * sigma).
      constexpr double z99 = 2.3263478740408408;
      const double sigma = std::log(p99_s / median_s) / z99;
      return median_s * std::exp(sigma * sigma / 2);
    }
  }
  return 0;
}

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
