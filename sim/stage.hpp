#pragma once
// A stage: one pattern's part in the calls over one edge, composed as
// failsafe-go composes policies (Fallback(Retry(CircuitBreaker(attempt)))).
// Each edge has one instance of each of its stages, shared by every call over
// it; each call has one Frame per stage it has reached, outermost first.
//
// A stage hears two things of a frame: the call reaching it (enter) and the
// end of what it started below (child_done). It answers through the CallPath:
// invoke_below() to go on inward, complete() to report outward (at once, or
// later from a timer), reject() to refuse the call. Waiting is virtual time
// on the run's scheduler. A stage is built from its pattern's config by
// make_stage() (stages/stage_registry.cpp); pattern_list.hpp lists them all.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "patterns/factory.hpp"
#include "patterns/outcome.hpp"
#include "patterns/pipeline_config.hpp"
#include "sim/edges.hpp"
#include "sim/host_clock.hpp"
#include "sim/recorder.hpp"
#include "sim/request.hpp"

namespace chaossim::sim {

class CallPath;

class Stage {
 public:
  virtual ~Stage() = default;
  virtual patterns::PatternKind kind() const = 0;
  // A call reaches this stage: f is its frame here, f->started is now.
  virtual void enter(CallPath& path, Frame* f) = 0;
  // What this frame started below ended. Never called once the frame has
  // completed (a timeout that already answered): the path absorbs that answer.
  virtual void child_done(CallPath& path, Frame* f, patterns::CallResult result) = 0;
};

// What a stage may need when it is built for an edge.
struct StageBuild {
  const patterns::PipelineConfig& pipeline;
  patterns::PatternFactory& factory;  // whose implementations: the reference's or a submission's
  patterns::Random& random;           // the edge's random stream
  std::uint32_t edge = 0;
  const std::vector<EdgeInfo>& edges;  // all edges, edge_list() order
  Recorder& recorder;                  // the edge's: for levels of the stage's own (Recorder::add_level)
  const HostClock& clock;              // the caller's host's: the time its patterns read
};

// The edge's stages, outermost first, for the configured patterns that act
// around a call (a health check acts on balancing, and has none).
std::vector<std::unique_ptr<Stage>> make_stages(const StageBuild& build);

// A factory that leaves a pattern out cannot run the pipeline that needs it.
template <class T>
std::unique_ptr<T> required(std::unique_ptr<T> built, patterns::PatternKind kind) {
  if (!built) throw std::runtime_error("the pattern factory has no " + std::string(patterns::name_of(kind)));
  return built;
}

}  // namespace chaossim::sim
