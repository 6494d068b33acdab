#pragma once
// The loader's parts, one per section of the format. Each reads what it can
// and reports the rest to the LoadContext; cross-references are checked after
// everything is read (check_references).
#include "scenarios/object_reader.hpp"
#include "scenarios/scenario.hpp"

namespace chaossim::scenarios {

Network read_network(LoadContext& ctx, const json* node, const JsonPath& path);
std::vector<Service> read_services(LoadContext& ctx, const json* node, const JsonPath& path);
std::vector<Client> read_clients(LoadContext& ctx, const json* node, const JsonPath& path);
// One pipeline object ({"timeout": ..., "retry": ...}); grading suites use it too.
patterns::PipelineConfig read_pipeline(LoadContext& ctx, const json& node, const JsonPath& path);
std::map<std::string, patterns::PipelineConfig> read_pipelines(LoadContext& ctx, const json* node, const JsonPath& path);
std::vector<Fault> read_faults(LoadContext& ctx, const json* node, const JsonPath& path);
std::optional<Slo> read_slo(LoadContext& ctx, const json* node, const JsonPath& path);

// Dangling references, duplicate names and cycles in the call graph.
void check_references(LoadContext& ctx, const Scenario& scenario, const json& document);

// Reads an array (absent reads as empty), reporting a non-array; calls read(element, path) for each.
template <class Read>
void for_each_element(LoadContext& ctx, const json* node, const JsonPath& path, Read read) {
  if (node == nullptr) return;
  if (!node->is_array()) {
    ctx.error(path, describe(*node) + ", expected an array");
    return;
  }
  for (std::size_t i = 0; i < node->size(); ++i) read((*node)[i], path / i);
}

}  // namespace chaossim::scenarios
