#include "sim/edge_patterns.hpp"

#include "patterns/pipeline.hpp"

namespace chaossim::sim {

using patterns::PatternKind;

EdgePatterns::EdgePatterns(const patterns::PipelineConfig* pipeline, std::uint64_t seed) : config(pipeline), random(seed) {
  if (pipeline != nullptr) {
    const auto& p = *pipeline;
    for (PatternKind kind : patterns::pipeline_stages(p)) {
      switch (kind) {
        case PatternKind::fallback:
          stages.push_back(Stage::fallback);
          for (const auto& entry : p.fallback->chain)
            if (entry.kind == patterns::FallbackKind::cache && !caches) {
              cache = patterns::ReferenceCache();
              caches = true;
            }
          break;
        case PatternKind::retry:
          stages.push_back(Stage::retry);
          retry.emplace(*p.retry);
          if (p.retry->budget) budget.emplace(*p.retry->budget);
          break;
        case PatternKind::circuit_breaker:
          stages.push_back(Stage::circuit_breaker);
          breaker.emplace(*p.circuit_breaker);
          break;
        case PatternKind::rate_limiter:
          stages.push_back(Stage::rate_limiter);
          limiter.emplace(*p.rate_limiter);
          break;
        case PatternKind::timeout:
          stages.push_back(Stage::timeout);
          timeout.emplace(*p.timeout);
          break;
        case PatternKind::bulkhead:
          stages.push_back(Stage::bulkhead);
          bulkhead.emplace(*p.bulkhead);
          break;
        case PatternKind::hedge:
          stages.push_back(Stage::hedge);
          hedge.emplace(*p.hedge);
          break;
        case PatternKind::health_check: break;  // not a stage (pipeline_stages leaves it out)
      }
    }
  }
  stages.push_back(Stage::attempt);
}

}  // namespace chaossim::sim
