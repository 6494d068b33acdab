#include <catch2/catch.hpp>

#include "patterns/pipeline.hpp"

using namespace chaossim::patterns;

TEST_CASE("a pipeline's stages follow the default order outermost first and skip what it lacks") {
  PipelineConfig p;
  p.timeout = TimeoutConfig{};
  p.retry = RetryConfig{};
  p.fallback = FallbackConfig{};
  p.health_check = HealthCheckConfig{};
  CHECK(pipeline_stages(p) == std::vector<PatternKind>{PatternKind::fallback, PatternKind::retry, PatternKind::timeout});
  CHECK(pipeline_stages(PipelineConfig{}).empty());
}

TEST_CASE("a configured order overrides the default") {
  PipelineConfig p;
  p.timeout = TimeoutConfig{};
  p.retry = RetryConfig{};
  p.order = {PatternKind::timeout, PatternKind::retry};  // one timeout around all the attempts
  CHECK(pipeline_stages(p) == std::vector<PatternKind>{PatternKind::timeout, PatternKind::retry});
  CHECK(has_pattern(p, PatternKind::retry));
  CHECK_FALSE(has_pattern(p, PatternKind::bulkhead));
}
