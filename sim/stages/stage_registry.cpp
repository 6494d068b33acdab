// Builds an edge's stages: one make_stage() per pattern of pattern_list.hpp,
// each defined beside its stage (stages/<name>_stage.cpp), declared and
// dispatched here from the list, so that no switch names a pattern by hand.
#include "patterns/pipeline.hpp"
#include "sim/stage.hpp"

namespace chaossim::sim {

#define CHAOSSIM_DECLARE_MAKER(name, Config, role) \
  std::unique_ptr<Stage> make_stage(const patterns::Config& config, const StageBuild& build);
CHAOSSIM_PATTERNS(CHAOSSIM_DECLARE_MAKER)
#undef CHAOSSIM_DECLARE_MAKER

std::vector<std::unique_ptr<Stage>> make_stages(const StageBuild& build) {
  std::vector<std::unique_ptr<Stage>> stages;
  for (patterns::PatternKind kind : patterns::pipeline_stages(build.pipeline)) {
    switch (kind) {
#define CHAOSSIM_MAKE(name, Config, role) \
  case patterns::PatternKind::name:                            \
    if (auto stage = make_stage(*build.pipeline.name, build)) stages.push_back(std::move(stage)); \
    break;
      CHAOSSIM_PATTERNS(CHAOSSIM_MAKE)
#undef CHAOSSIM_MAKE
    }
  }
  return stages;
}

}  // namespace chaossim::sim
