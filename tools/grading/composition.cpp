#include "tools/grading/composition.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "patterns/pipeline.hpp"
#include "tools/grading/session.hpp"

namespace chaossim::grading {
namespace {

using patterns::PatternKind;

std::vector<std::string> names_of(const std::vector<PatternKind>& kinds) {
  std::vector<std::string> names;
  for (PatternKind k : kinds) names.emplace_back(patterns::name_of(k));
  return names;
}

// The answer as an order of exactly the patterns asked about, or why not.
std::optional<std::vector<PatternKind>> order_of(const json& answer, const std::vector<PatternKind>& asked, std::string& why) {
  std::vector<PatternKind> order;
  if (answer.is_array())
    for (const auto& item : answer)
      if (const auto kind = item.is_string() ? patterns::pattern_kind_named(item.get<std::string>()) : std::nullopt)
        order.push_back(*kind);
  std::vector<PatternKind> sorted_asked = asked, sorted_order = order;
  std::sort(sorted_asked.begin(), sorted_asked.end());
  std::sort(sorted_order.begin(), sorted_order.end());
  if (answer.is_array() && order.size() == answer.size() && sorted_order == sorted_asked) return order;
  why = fmt::format("answered pipeline_order([{}]) with {}: expected the same patterns, each once, in the order they nest "
                    "(outermost first)",
                    fmt::join(names_of(asked), ", "), answer.dump());
  return std::nullopt;
}

}  // namespace

Composed compose_scenario(const scenarios::Scenario& scenario, GradingContext& context) {
  Composed composed{scenario, {}, std::nullopt, {}};
  const auto workdir = context.fresh_workdir();
  {
    Session session(*context.submission, workdir, context.limits);
    for (auto& [name, pipeline] : composed.scenario.pipelines) {
      // Asked in chaossim's default order: the scenario's is the model answer.
      patterns::PipelineConfig defaults = pipeline;
      defaults.order = patterns::default_pattern_order;
      const std::vector<PatternKind> asked = patterns::pipeline_stages(defaults);
      if (asked.size() < 2) continue;
      const auto answer = session.call_plain({{"op", "compose"}, {"patterns", names_of(asked)}}, "pipeline_order");
      if (!answer) break;
      std::vector<PatternKind> order = asked;
      if (!answer->is_null()) {
        std::string why;
        const auto given = order_of(*answer, asked, why);
        if (!given) {
          session.fail(why);
          break;
        }
        order = *given;
      }
      pipeline.order = order;
      composed.told += fmt::format("\n  {}: {}{}", name, fmt::join(names_of(order), " > "),
                                   answer->is_null() ? " (you gave none: chaossim's default order)" : "");
    }
    session.finish();
    if (session.failed()) {
      composed.failure = session.failure();
      composed.error_output = session.error_output();
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(workdir, ignored);
  return composed;
}

}  // namespace chaossim::grading
