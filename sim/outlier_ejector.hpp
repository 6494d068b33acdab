#pragma once
// Passive outlier detection on one call edge: the answers its calls get from
// each instance feed the edge's OutlierDetector (patterns/), and the
// instances it ejects leave the edge's balancing until their ejection ends.
// Unlike a health check it sends nothing: it learns only from real traffic,
// so an instance nobody calls is never ejected, and one that fails only some
// calls (errors on 1 in 20) rarely gets 5 in a row.
#include <cstdint>

#include "patterns/outlier_detection.hpp"
#include "sim/call_path.hpp"

namespace chaossim::sim {

class OutlierEjector {
 public:
  OutlierEjector(const patterns::OutlierDetectionConfig& config, std::uint32_t edge_index, EdgeRuntime& edge, int instances,
                 ReactionLog& reactions)
      : detector_(config, instances), edge_index_(edge_index), edge_(edge), reactions_(reactions) {}

  // `instance` answered an attempt of the edge's (or it ended unanswered: a reset, a timeout).
  void on_answer(int instance, patterns::Outcome outcome, bool client_error);

 private:
  patterns::OutlierDetector detector_;
  std::uint32_t edge_index_;
  EdgeRuntime& edge_;
  ReactionLog& reactions_;
};

}  // namespace chaossim::sim
