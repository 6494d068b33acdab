#include "patterns/pipeline.hpp"

namespace chaossim::patterns {

bool has_pattern(const PipelineConfig& p, PatternKind kind) {
  switch (kind) {
    case PatternKind::fallback: return p.fallback.has_value();
    case PatternKind::retry: return p.retry.has_value();
    case PatternKind::circuit_breaker: return p.circuit_breaker.has_value();
    case PatternKind::rate_limiter: return p.rate_limiter.has_value();
    case PatternKind::timeout: return p.timeout.has_value();
    case PatternKind::bulkhead: return p.bulkhead.has_value();
    case PatternKind::hedge: return p.hedge.has_value();
    case PatternKind::health_check: return p.health_check.has_value();
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
