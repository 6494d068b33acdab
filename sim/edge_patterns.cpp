#include "sim/edge_patterns.hpp"

namespace chaossim::sim {

using patterns::PatternKind;

EdgePatterns::EdgePatterns(const patterns::PipelineConfig* pipeline, std::uint64_t seed) : config(pipeline), random(seed) {
  if (pipeline != nullptr) {
    const auto& p = *pipeline;
    for (PatternKind kind : p.order) {
      switch (kind) {
        case PatternKind::fallback:
          if (p.fallback) {
            stages.push_back(Stage::fallback);
            for (const auto& entry : p.fallback->chain)
              if (entry.kind == patterns::FallbackKind::cache && !caches) {
                cache = patterns::ReferenceCache();
                caches = true;
              }
          }
          break;
        case PatternKind::retry:
          if (p.retry) {
            stages.push_back(Stage::retry);
            retry.emplace(*p.retry);
            if (p.retry->budget) budget.emplace(*p.retry->budget);
          }
          break;
        case PatternKind::circuit_breaker:
          if (p.circuit_breaker) {
            stages.push_back(Stage::circuit_breaker);
            breaker.emplace(*p.circuit_breaker);
          }
          break;
        case PatternKind::rate_limiter:
          if (p.rate_limiter) {
            stages.push_back(Stage::rate_limiter);
            limiter.emplace(*p.rate_limiter);
          }
          break;
        case PatternKind::timeout:
          if (p.timeout) {
            stages.push_back(Stage::timeout);
            timeout.emplace(*p.timeout);
          }
          break;
        case PatternKind::bulkhead:
          if (p.bulkhead) {
            stages.push_back(Stage::bulkhead);
            bulkhead.emplace(*p.bulkhead);
          }
          break;
        case PatternKind::hedge:
          if (p.hedge) {
            stages.push_back(Stage::hedge);
            hedge.emplace(*p.hedge);
          }
          break;
        case PatternKind::health_check: break;  // refused before a run starts (unsupported_features)
      }
    }
  }
  stages.push_back(Stage::attempt);
}

}  // namespace chaossim::sim
