#pragma once
// Reads one pipeline object ({"timeout": ..., "retry": ...}) with the
// loader's diagnostics: for the formats that embed one (grading suites).
#include "patterns/pipeline_config.hpp"
#include "scenarios/object_reader.hpp"

namespace chaossim::scenarios {

patterns::PipelineConfig read_pipeline(LoadContext& ctx, const json& node, const JsonPath& path);

}  // namespace chaossim::scenarios
