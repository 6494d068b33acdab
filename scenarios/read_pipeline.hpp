#pragma once
// The loader's readers for what other formats embed (grading suites), with
// its diagnostics: a pipeline object ({"timeout": ..., "retry": ...}), and a
// worker pool's own keys.
#include "patterns/pipeline_config.hpp"
#include "patterns/worker_pools_config.hpp"
#include "scenarios/object_reader.hpp"

namespace chaossim::scenarios {

patterns::PipelineConfig read_pipeline(LoadContext& ctx, const json& node, const JsonPath& path);
// A pool's name, capacity, reserved, max_borrow, max_queue and max_wait,
// from a reader whose spec has them (and whatever else its format adds).
patterns::WorkerPoolConfig read_worker_pool(ObjectReader& pool);

}  // namespace chaossim::scenarios
