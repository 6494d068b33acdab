#include "scenarios/sweep/sweep_points.hpp"

#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "scenarios/loader.hpp"

namespace chaossim::scenarios {

json point_document(const SweepFile& sweep, const std::vector<json>& values) {
  json document = sweep.base_document;
  document["seed"] = sweep.seed;
  document["replications"] = sweep.replications;
  for (std::size_t p = 0; p < sweep.parameters.size() && p < values.size(); ++p)
    document[json::json_pointer(sweep.parameters[p].at.pointer())] = values[p];
  return document;
}

std::string describe_values(const SweepFile& sweep, const std::vector<json>& values) {
  std::string out;
  for (std::size_t p = 0; p < sweep.parameters.size() && p < values.size(); ++p)
    out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", sweep.parameters[p].path, values[p].dump());
  return out;
}

std::vector<Diagnostic> point_problems(const SweepFile& sweep, const std::string& id, const std::vector<json>& values,
                                       const json& document) {
  // Read from beside the base, where its files are.
  const auto loaded = load_scenario_text(document.dump(), sweep.scenario_file);
  std::vector<Diagnostic> out;
  for (const auto& e : loaded.errors)
    out.push_back({sweep.file, sweep.parameters_position, "$.parameters", "",
                   fmt::format("point {} ({}) is not a valid scenario: {}: {}", id, describe_values(sweep, values), e.path, e.message)});
  return out;
}

PlacedPoint place_point(const SweepFile& sweep, json document) {
  PlacedPoint placed;
  const std::filesystem::path base_folder = std::filesystem::path(sweep.scenario_file).parent_path();
  std::map<std::string, std::string> named;  // source -> its name beside the point
  std::set<std::string> names;
  if (document.contains("clients") && document["clients"].is_array()) {
    for (std::size_t i = 0; i < document["clients"].size(); ++i) {
      const json::json_pointer at("/clients/" + std::to_string(i) + "/arrival/profile/file");
      if (!document.contains(at) || !document[at].is_string()) continue;
      const std::string source = (base_folder / document[at].get<std::string>()).lexically_normal().string();
      if (const auto known = named.find(source); known != named.end()) {
        document[at] = known->second;
        continue;
      }
      std::string name = std::filesystem::path(source).filename().string();
      if (!names.insert(name).second) name = fmt::format("client{}-{}", i, name);
      names.insert(name);
      named.emplace(source, name);
      document[at] = name;
      placed.beside.emplace_back(name, source);
    }
  }
  placed.text = document.dump(2) + "\n";
  return placed;
}

}  // namespace chaossim::scenarios
