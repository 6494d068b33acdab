#include "reports/chart_series.hpp"

#include <fmt/format.h>

namespace chaossim::reports {

using nlohmann::ordered_json;

const ordered_json& member(const ordered_json& o, const std::string& key) {
  static const ordered_json nothing = ordered_json::array();
  const auto it = o.find(key);
  return it == o.end() ? nothing : *it;
}

std::vector<std::optional<double>> chart_values(const ordered_json& series) {
  std::vector<std::optional<double>> out;
  out.reserve(series.size());
  for (const auto& y : series) out.push_back(y.is_null() ? std::nullopt : std::optional(y.get<double>()));
  return out;
}

std::vector<double> chart_x(const ordered_json& timeseries) {
  std::vector<double> x;
  for (const auto& start : member(timeseries, "bucket_start_s")) x.push_back(start.get<double>());
  return x;
}

std::vector<FaultWindow> chart_faults(const ordered_json& timeseries) {
  std::vector<FaultWindow> windows;
  for (const auto& f : member(timeseries, "faults"))
    windows.push_back({fmt::format("{}:{}", f["index"].get<int>(), f["kind"].get<std::string>()), f["start_s"].get<double>(),
                       f["end_s"].get<double>()});
  return windows;
}

}  // namespace chaossim::reports
