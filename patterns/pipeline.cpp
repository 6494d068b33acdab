#include "patterns/pipeline.hpp"

namespace chaossim::patterns {

bool has_pattern(const PipelineConfig& p, PatternKind kind) {
  switch (kind) {
#define CHAOSSIM_HAS(name, Config, role) \
  case PatternKind::name: return p.name.has_value();
    CHAOSSIM_PATTERNS(CHAOSSIM_HAS)
#undef CHAOSSIM_HAS
  }
  return false;
}

std::vector<PatternKind> pipeline_stages(const PipelineConfig& p) {
  std::vector<PatternKind> stages;
  for (PatternKind kind : p.order)
    if (kind != PatternKind::health_check && has_pattern(p, kind)) stages.push_back(kind);
  return stages;
}

}  // namespace chaossim::patterns
