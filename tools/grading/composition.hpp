#pragma once
// A composition test's scenario as the submission composes it: each pipeline
// with two patterns or more nests them in the order the submission answers
// (PatternFactory::pipeline_order, or pipeline_order() in Python), and in
// chaossim's default order when it answers none. The scenario's own order is
// the instructor's model answer, which the reference plays.
#include <optional>
#include <string>

#include "scenarios/scenario.hpp"
#include "tools/grading/grading_context.hpp"

namespace chaossim::grading {

struct Composed {
  scenarios::Scenario scenario;
  std::string told;  // per pipeline, its order as the submission gave it ("api-policy: timeout > retry")
  std::optional<std::string> failure;  // for the student, when an answer is not a reordering of what was asked
  std::string error_output;
};

Composed compose_scenario(const scenarios::Scenario& scenario, GradingContext& context);

}  // namespace chaossim::grading
