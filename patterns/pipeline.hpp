#pragma once
// Pipeline: which patterns wrap a call, outermost first. The configured
// `order` filtered to the patterns the pipeline has; health checks act on
// balancing rather than around a call, so they are not a stage.
#include <vector>

#include "patterns/pipeline_config.hpp"

namespace chaossim::patterns {

std::vector<PatternKind> pipeline_stages(const PipelineConfig& pipeline);

// Whether the pipeline configures `kind`.
bool has_pattern(const PipelineConfig& pipeline, PatternKind kind);

}  // namespace chaossim::patterns
