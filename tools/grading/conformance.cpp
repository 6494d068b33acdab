#include "tools/grading/conformance.hpp"

#include <cmath>
#include <deque>

#include <fmt/format.h>

#include "tools/grading/session.hpp"

namespace chaossim::grading {
namespace {

constexpr std::size_t script_shown = 8;

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

std::string call_text(const GradingTest& test, const Step& step) {
  std::vector<std::string> args;
  for (const auto& [key, value] : step.fields.items()) args.push_back(fmt::format("{}={}", key, value.dump()));
  return fmt::format("{}.{}({})", class_name_of(test.pattern), step.op, fmt::join(args, ", "));
}

std::string expected_text(const Step& step) {
  if (step.expect_between) return fmt::format("between {:g} and {:g}", step.expect_between->first, step.expect_between->second);
  return step.expect->dump();
}

}  // namespace

bool meets(const Step& step, const json& answer) {
  if (step.expect_between)
    return answer.is_number() && answer.get<double>() >= step.expect_between->first - 1e-9 &&
           answer.get<double>() <= step.expect_between->second + 1e-9;
  if (!step.expect) return true;
  const json& e = *step.expect;
  if (e.is_number()) return answer.is_number() && close(answer.get<double>(), e.get<double>());
  return answer == e;
}

TestResult run_conformance(const GradingTest& test, GradingContext& context) {
  TestResult result{test.name, test.kind, 0, test.points, false, test.visibility, test.category, {}, {}};
  const auto workdir = context.fresh_workdir();
  Session session(*context.submission, workdir, context.limits);
  std::deque<std::string> script;  // the last steps played, for the feedback
  std::string mismatch;
  if (const auto instance = session.create(test.pattern, test.config)) {
    for (const Step& step : test.steps) {
      json fields = step.fields;
      fields["now"] = step.at_s;
      const auto answer = session.call(*instance, step.op, fields);
      if (!answer) break;
      const std::string line = fmt::format("t = {:g} s: {} -> {}", step.at_s, call_text(test, step), answer->dump());
      if (!meets(step, *answer)) {
        mismatch = fmt::format("At t = {:g} s, {} answered {}; expected {}.{}", step.at_s, call_text(test, step),
                               answer->dump(), expected_text(step), step.why.empty() ? "" : " " + step.why);
        script.push_back(line + "   <- here");
        break;
      }
      script.push_back(line);
      if (script.size() > script_shown) script.pop_front();
    }
    if (mismatch.empty()) session.finish();
  }
  std::string output = test.feedback;
  if (!mismatch.empty()) {
    output += "\n\n" + mismatch;
  } else if (session.failed()) {
    output += fmt::format("\n\nYour submission {}.", session.failure());
    if (!script.empty()) output += "\nThe last steps before that:";
  } else {
    result.passed = true;
    result.score = test.points;
    output = fmt::format("Passed: {} steps answered as expected.", test.steps.size());
  }
  if (!result.passed && !script.empty()) {
    if (!mismatch.empty()) output += "\nThe script up to there:";
    for (const auto& line : script) output += "\n  " + line;
  }
  if (!result.passed) {
    const std::string errors = session.error_output();
    if (!errors.empty()) output += "\n\nYour submission's error output:\n" + errors;
  }
  result.output = output;
  std::error_code ignored;
  std::filesystem::remove_all(workdir, ignored);
  return result;
}

}  // namespace chaossim::grading
