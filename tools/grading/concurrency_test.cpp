#include "tools/grading/concurrency_test.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "tools/grading/session.hpp"
#include "tools/grading/tsan_report.hpp"

namespace chaossim::grading {
namespace {

constexpr std::string_view race_library = "submission-tsan.so";

// TSan's offsets named by addr2line, in the sandbox: the library's debug
// information is the student's to shape, so it is parsed nowhere else.
Symbols symbolize(const std::vector<TsanReport>& reports, const Submission& sanitized, GradingContext& context) {
  const auto offsets = offsets_in(reports, race_library);
  if (offsets.empty()) return {};
  const auto library = std::find_if(sanitized.files.begin(), sanitized.files.end(),
                                    [](const auto& f) { return f.second == race_library; });
  if (library == sanitized.files.end()) return {};
  const auto workdir = context.fresh_workdir();
  std::filesystem::create_directories(workdir);
  std::filesystem::copy_file(library->first, workdir / race_library);
  std::vector<std::string> argv{"/usr/bin/addr2line", "-a", "-f", "-C", "-i", "-e", std::string(race_library)};
  for (const auto offset : offsets) argv.push_back(fmt::format("{:#x}", offset));
  SandboxLimits limits = context.limits;
  limits.cpu_s = 30;
  limits.wall_s = 60;
  limits.memory_mib = std::max<std::size_t>(limits.memory_mib, 1024);
  Symbols symbols;
  try {
    SandboxedProcess addr2line(argv, workdir, SandboxView::runtime().with("/usr/bin/addr2line"), limits);
    symbols = parse_addr2line(addr2line.output_to_end());
  } catch (const std::exception&) {
    // Unnamed frames: the report still says what kind of bug it found.
  }
  std::error_code ignored;
  std::filesystem::remove_all(workdir, ignored);
  return symbols;
}

std::string violations_text(const GradingTest& test, const json& answer) {
  const int violations = answer.value("violations", 0);
  if (violations == 0) return {};
  std::string text = fmt::format("Your {} broke an invariant in {} of {} rounds, {} threads calling it at once:",
                                 class_name_of(test.pattern), violations, answer.value("rounds", test.rounds),
                                 answer.value("threads", test.threads));
  for (const auto& example : answer.value("examples", json::array()))
    if (example.is_string()) text += "\n  - " + example.get<std::string>();
  return text;
}

}  // namespace

TestResult run_concurrency(const GradingTest& test, GradingContext& context) {
  TestResult result{test.name, test.kind, 0, test.points, false, test.visibility, test.category, {}, {}};
  const Submission& submission = *context.submission;
  if (submission.language != "cpp" && submission.language != "so") {
    result.max_score = 0;
    result.passed = true;
    result.output = test.feedback +
                    "\n\nNot counted: concurrency tests apply to C++ submissions, whose patterns run in threads of one "
                    "process. The decision protocol a " + submission.language +
                    " submission speaks is sequential, so there is nothing to race.";
    return result;
  }
  const RaceBuild no_build;
  const RaceBuild& race = context.race_build != nullptr ? *context.race_build : no_build;
  if (race.failed) {
    result.output = test.feedback + "\n\n" + race.why_not;
    return result;
  }
  const Submission& runs = race.sanitized ? *race.sanitized : submission;

  SandboxLimits limits = context.limits;
  limits.threads = test.threads + 4;  // and TSan's own
  limits.cpu_s = std::max(limits.cpu_s, 60.0);
  limits.wall_s = std::max(limits.wall_s, 120.0);
  if (race.sanitized) {
    limits.watch_resident = true;
    limits.memory_mib = std::max<std::size_t>(limits.memory_mib * 4, 2048);
    limits.output_kib = std::max<std::size_t>(limits.output_kib, 256);
  }
  const auto workdir = context.fresh_workdir();
  Session session(runs, workdir, limits);
  const auto answer = session.concurrency(test.pattern, test.config, test.threads, test.rounds);
  if (answer) session.finish();
  const std::string errors = session.error_output();
  const auto reports = race.sanitized ? parse_tsan_reports(errors) : std::vector<TsanReport>{};
  const std::string races =
      reports.empty() ? std::string() : describe_tsan_reports(reports, race_library, symbolize(reports, runs, context));

  std::vector<std::string> found;
  if (answer && answer->is_object())
    if (auto text = violations_text(test, *answer); !text.empty()) found.push_back(std::move(text));
  if (session.failed()) {
    std::string failure = fmt::format("Your submission {}.", session.failure());
    if (session.ended_as(Termination::Kind::wall_limit))
      failure += " With threads, that is most often a deadlock: a thread waiting for a lock that another holds while "
                 "it waits for the first, or for a notification that never comes.";
    found.push_back(std::move(failure));
  } else if (answer && !answer->is_object()) {
    found.push_back("Your submission answered the concurrency run with " + answer->dump() + ", expected its findings.");
  }
  if (!races.empty()) found.push_back(races);

  const std::string checked = fmt::format("{} threads, {} rounds", test.threads, test.rounds);
  if (found.empty()) {
    result.passed = true;
    result.score = test.points;
    result.output = fmt::format("Passed: {}, no invariant broken{}.", checked,
                                race.sanitized ? "; ThreadSanitizer found no data race" : "");
    if (!race.why_not.empty()) result.output += "\n" + race.why_not;
  } else {
    result.output = test.feedback + "\n\n" + fmt::format("{}\n\n", checked);
    for (std::size_t i = 0; i < found.size(); ++i) result.output += (i ? "\n\n" : "") + found[i];
    if (!race.why_not.empty()) result.output += "\n\n" + race.why_not;
    if (session.failed() && reports.empty() && !errors.empty())
      result.output += "\n\nYour submission's error output:\n" + errors;
  }
  std::error_code ignored;
  std::filesystem::remove_all(workdir, ignored);
  return result;
}

}  // namespace chaossim::grading
