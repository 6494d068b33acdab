// The JSON Schema documents the format; the loader enforces it. This keeps the
// two in agreement: each object the loader reads has a "$defs" entry in the
// schema whose properties are exactly the keys the loader accepts.
#include <algorithm>
#include <fstream>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "patterns/pattern_kind.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/object_specs.hpp"
#include "scenarios/sweep/sweep_file.hpp"

namespace {

// Each object a loader reads has a "$defs" entry in `schema_file` whose
// properties are exactly the keys that loader accepts.
void check_schema_matches(const std::string& schema_file, const std::vector<const chaossim::scenarios::ObjectSpec*>& specs) {
  std::ifstream in(schema_file);
  REQUIRE(in);
  const auto schema = nlohmann::json::parse(in);
  for (const auto* spec : specs) {
    const std::string name(spec->name);
    INFO(schema_file << ": $defs/" << name);
    REQUIRE(schema["$defs"].contains(name));
    std::set<std::string> in_schema, in_loader;
    for (const auto& [key, value] : schema["$defs"][name]["properties"].items()) in_schema.insert(key);
    for (auto key : spec->keys) in_loader.insert(std::string(key));
    CHECK(in_schema == in_loader);
    CHECK(schema["$defs"][name]["additionalProperties"] == false);
  }
}

}  // namespace

TEST_CASE("the schema describes exactly the keys the loader knows") {
  check_schema_matches(CHAOSSIM_SOURCE_DIR "/scenarios/schema/scenario-v1.schema.json", chaossim::scenarios::all_object_specs());
}

TEST_CASE("the schema's pipeline order names every pattern of pattern_list.hpp, in its order") {
  std::ifstream in(CHAOSSIM_SOURCE_DIR "/scenarios/schema/scenario-v1.schema.json");
  REQUIRE(in);
  const auto schema = nlohmann::json::parse(in);
  std::vector<std::string> in_schema, in_list;
  for (const auto& name : schema["$defs"]["pipeline"]["properties"]["order"]["items"]["enum"]) in_schema.push_back(name);
  for (auto name : chaossim::patterns::pattern_names) in_list.emplace_back(name);
  CHECK(in_schema == in_list);
}

TEST_CASE("the schema names every fault kind, and every kind's keys are fault keys the schema knows") {
  std::ifstream in(CHAOSSIM_SOURCE_DIR "/scenarios/schema/scenario-v1.schema.json");
  REQUIRE(in);
  const auto schema = nlohmann::json::parse(in);
  std::vector<std::string> in_schema, in_model;
  for (const auto& name : schema["$defs"]["fault"]["properties"]["kind"]["enum"]) in_schema.push_back(name);
  for (auto name : chaossim::scenarios::fault_kind_names) in_model.emplace_back(name);
  CHECK(in_schema == in_model);
  const auto& properties = schema["$defs"]["fault"]["properties"];
  for (std::size_t k = 0; k < in_model.size(); ++k)
    for (auto key : chaossim::scenarios::fault_keys(static_cast<chaossim::scenarios::FaultKind>(k)).keys) {
      INFO(in_model[k] << "." << key);
      CHECK(properties.contains(std::string(key)));
    }
}

TEST_CASE("the sweep file's JSON Schema describes exactly the keys its loader reads") {
  check_schema_matches(CHAOSSIM_SOURCE_DIR "/scenarios/schema/sweep-v1.schema.json", chaossim::scenarios::sweep_object_specs());
}
