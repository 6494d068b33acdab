#include "sim/edge_patterns.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "patterns/pipeline.hpp"

namespace chaossim::sim {

using patterns::PatternKind;

namespace {
// A factory that leaves a pattern out cannot run the pipeline that needs it.
template <class T>
std::unique_ptr<T> required(std::unique_ptr<T> built, PatternKind kind) {
  if (!built) throw std::runtime_error(fmt::format("the pattern factory has no {}", patterns::name_of(kind)));
  return built;
}
}  // namespace

EdgePatterns::EdgePatterns(const patterns::PipelineConfig* pipeline, std::uint64_t seed, patterns::PatternFactory& factory)
    : config(pipeline), random(seed) {
  if (pipeline != nullptr) {
    const auto& p = *pipeline;
    for (PatternKind kind : patterns::pipeline_stages(p)) {
      switch (kind) {
        case PatternKind::fallback:
          stages.push_back(Stage::fallback);
          fallback = required(factory.fallback_registry(*p.fallback), kind);
          for (const auto& entry : p.fallback->chain)
            if (entry.kind == patterns::FallbackKind::cache && !cache)
              cache = required(factory.cache(patterns::ReferenceCache::default_capacity), kind);
          break;
        case PatternKind::retry:
          stages.push_back(Stage::retry);
          retry = required(factory.retry_policy(*p.retry), kind);
          if (p.retry->budget) budget = required(factory.retry_budget(*p.retry->budget), kind);
          break;
        case PatternKind::circuit_breaker:
          stages.push_back(Stage::circuit_breaker);
          breaker = required(factory.circuit_breaker(*p.circuit_breaker), kind);
          break;
        case PatternKind::rate_limiter:
          stages.push_back(Stage::rate_limiter);
          limiter.emplace(*p.rate_limiter);
          break;
        case PatternKind::timeout:
          stages.push_back(Stage::timeout);
          timeout = required(factory.timeout(*p.timeout), kind);
          break;
        case PatternKind::bulkhead:
          stages.push_back(Stage::bulkhead);
          bulkhead = required(factory.bulkhead(*p.bulkhead), kind);
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
