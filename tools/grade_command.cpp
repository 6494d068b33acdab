// chaossim grade: one submission, or a class of them in parallel.
#include <optional>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "sim/process_pool.hpp"
#include "tools/commands.hpp"
#include "tools/scale_out.hpp"
#include "tools/grading/grade_outputs.hpp"
#include "tools/grading/grader.hpp"
#include "tools/grading/rubric_score.hpp"

namespace chaossim::tools {
namespace {

namespace fs = std::filesystem;
using namespace chaossim::grading;

// A class's workers send their grade up a pipe; the trace stays in feedback.html.
json to_wire(const SubmissionGrade& g) {
  json tests = json::array();
  for (const auto& t : g.tests)
    tests.push_back({{"name", t.name}, {"kind", static_cast<int>(t.kind)}, {"score", t.score}, {"max_score", t.max_score},
                     {"passed", t.passed}, {"visibility", static_cast<int>(t.visibility)}, {"category", t.category},
                     {"output", t.output}});
  return {{"submission", g.submission}, {"language", g.language}, {"score", g.score}, {"max_score", g.max_score},
          {"execution_s", g.execution_s}, {"output", g.output}, {"tests", tests},
          {"design", g.design ? to_json(*g.design) : json(nullptr)}};
}

SubmissionGrade from_wire(const GradingSuite& suite, const json& j) {
  SubmissionGrade g;
  g.submission = j.at("submission").get<std::string>();
  g.language = j.at("language").get<std::string>();
  g.execution_s = j.at("execution_s").get<double>();
  g.output = j.at("output").get<std::string>();
  for (const auto& t : j.at("tests"))
    g.tests.push_back({t.at("name").get<std::string>(), static_cast<GradingTest::Kind>(t.at("kind").get<int>()),
                       t.at("score").get<double>(), t.at("max_score").get<double>(), t.at("passed").get<bool>(),
                       static_cast<Visibility>(t.at("visibility").get<int>()), t.at("category").get<std::string>(),
                       t.at("output").get<std::string>(), {}});
  if (j.contains("design") && !j["design"].is_null()) g.design = design_signals_from(j["design"]);
  score_by_rubric(suite, g);
  return g;
}

// A directory that is not a submission still gets its row: zero, and why.
SubmissionGrade not_a_submission(const GradingSuite& suite, const std::string& name, const std::string& why) {
  SubmissionGrade g;
  g.submission = name;
  g.language = "none";
  g.output = why;
  for (const auto& t : suite.tests)
    g.tests.push_back({t.name, t.kind, 0, t.points, false, t.visibility, t.category, t.feedback + "\n\nNot graded: " + why, {}});
  score_by_rubric(suite, g);
  return g;
}

// grade.json is the grade as a merge reads it back, written last: a worker
// stopped before it leaves the submission to grade again.
void write_outputs(const GradingSuite& suite, const SubmissionGrade& g, const fs::path& dir) {
  reports::write_file_atomically((dir / "results.json").string(), gradescope_json(g, suite));
  reports::write_file_atomically((dir / "feedback.html").string(), feedback_html(suite, g, Audience::student));
  reports::write_file_atomically((dir / "instructor.html").string(), feedback_html(suite, g, Audience::instructor));
  reports::write_file_atomically((dir / "grade.json").string(), to_wire(g).dump() + "\n");
}

SubmissionGrade grade_one(const Grader& grader, const GradingSuite& suite, const fs::path& dir,
                          const std::optional<std::string>& command) {
  try {
    return grader.grade(dir, command);
  } catch (const std::invalid_argument& e) {
    return not_a_submission(suite, fs::absolute(dir).lexically_normal().filename().string(), e.what());
  }
}

std::vector<SubmissionGrade> grade_class(const Grader& grader, const GradingSuite& suite, const std::vector<fs::path>& dirs,
                                         const GradeOptions& o, const fs::path& out, int jobs) {
  // Each submission is graded in a worker process of its own, which writes its
  // outputs and sends its grade up as one frame.
  constexpr char grade_tag = 'G';
  std::vector<std::optional<SubmissionGrade>> grades(dirs.size());
  std::vector<std::string> wires(dirs.size());
  sim::ProcessPoolTasks tasks;
  tasks.count = dirs.size();
  tasks.work = [&](std::size_t i, const sim::FrameSender& send) {
    const SubmissionGrade g = grade_one(grader, suite, dirs[i], o.command);
    try {
      write_outputs(suite, g, out / g.submission);
    } catch (const std::exception& e) {
      fmt::print(stderr, "{}: cannot write the outputs: {}\n", g.submission, e.what());
    }
    send(grade_tag, to_wire(g).dump());
  };
  tasks.on_frame = [&](std::size_t i, char, std::string payload) { wires[i] = std::move(payload); };
  tasks.on_exit = [&](std::size_t i, int) {
    const std::string name = fs::absolute(dirs[i]).lexically_normal().filename().string();
    try {
      grades[i] = from_wire(suite, json::parse(wires[i]));
    } catch (const std::exception&) {
      grades[i] = not_a_submission(suite, name, "the grader's process for it failed (this is chaossim's fault)");
    }
    const auto& g = *grades[i];
    if (!o.quiet) {
      fmt::print("{:<30} {:>6.4g} / {:<6g} {} ({:.1f} s)\n", g.submission, g.score, g.max_score, g.language, g.execution_s);
      std::fflush(stdout);
    }
  };
  sim::ProcessPool(jobs).run(tasks);
  std::vector<SubmissionGrade> out_grades;
  for (auto& g : grades) out_grades.push_back(std::move(*g));
  return out_grades;
}

// The submissions to grade: each directory of --submissions (hidden ones
// aside), in name order, or the one submission; nullopt (said why) if none.
std::optional<std::vector<fs::path>> submission_dirs(const GradeOptions& o) {
  std::vector<fs::path> dirs;
  if (o.submissions) {
    if (!fs::is_directory(*o.submissions)) {
      fmt::print(stderr, "grade: {}: not a directory\n", *o.submissions);
      return std::nullopt;
    }
    for (const auto& entry : fs::directory_iterator(*o.submissions))
      if (entry.is_directory() && !entry.path().filename().string().starts_with(".")) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    if (dirs.empty()) {
      fmt::print(stderr, "grade: {} holds no submission directories\n", *o.submissions);
      return std::nullopt;
    }
    return dirs;
  }
  dirs.push_back(o.submission.value_or("."));
  if (!fs::is_directory(dirs.front())) {
    fmt::print(stderr, "grade: {}: not a directory\n", dirs.front().string());
    return std::nullopt;
  }
  return dirs;
}

std::string name_of(const fs::path& dir) { return fs::absolute(dir).lexically_normal().filename().string(); }

// --only: the named submissions of the class, or nullopt (said why).
std::optional<std::vector<fs::path>> only_these(const std::vector<fs::path>& dirs, const std::vector<std::string>& names) {
  std::vector<fs::path> chosen;
  for (const auto& name : names) {
    const auto it = std::find_if(dirs.begin(), dirs.end(), [&](const fs::path& d) { return name_of(d) == name; });
    if (it == dirs.end()) {
      fmt::print(stderr, "grade: --only {}: no such submission directory in the class\n", name);
      return std::nullopt;
    }
    chosen.push_back(*it);
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return chosen;
}

// The class cut into workers' commands, for Slurm or GNU parallel.
int emit_class(const GradeOptions& o, const std::vector<fs::path>& dirs, const std::string& suite_path, const fs::path& out) {
  const auto absolute = [](const std::string& path) { return fs::absolute(path).lexically_normal().string(); };
  std::string common = fmt::format("{} grade --submissions {} --out {} --suite {} --quiet", shell_quoted(own_binary()),
                                   shell_quoted(absolute(*o.submissions)), shell_quoted(absolute(out.string())), shell_quoted(absolute(suite_path)));
  if (o.command) common += " --submission-cmd " + shell_quoted(*o.command);
  for (const auto& path : o.sandbox_readable) common += " --sandbox-read " + shell_quoted(absolute(path));
  if (o.require_isolation) common += " --require-isolation";
  std::vector<std::string> names;
  for (const auto& d : dirs) names.push_back(name_of(d));
  std::vector<std::string> commands;
  for (const auto& chunk : chunks_of(names, o.cluster.chunk)) {
    std::string command = common + " --jobs " + jobs_word(o.cluster);
    for (const auto& name : chunk) command += " --only " + shell_quoted(name);
    commands.push_back(std::move(command));
  }
  try {
    fs::create_directories(out);
    emit_work(o.cluster, commands, out, "chaossim-grade", "grade.sbatch", names.size(),
              fmt::format("{} grade --submissions {} --out {} --suite {} --merge", shell_quoted(own_binary()), shell_quoted(absolute(*o.submissions)),
                          shell_quoted(absolute(out.string())), shell_quoted(absolute(suite_path))));
  } catch (const std::exception& e) {
    fmt::print(stderr, "grade: {}\n", e.what());
    return exit_bad_input;
  }
  return exit_ok;
}

// The gradebook from the grades the workers wrote; exit 2 naming any missing.
int merge_class(const GradingSuite& suite, const std::vector<fs::path>& dirs, const GradeOptions& o, const fs::path& out) {
  std::vector<SubmissionGrade> grades;
  std::vector<std::string> missing;
  for (const auto& d : dirs) {
    const fs::path file = out / name_of(d) / "grade.json";
    std::ifstream in(file);
    const json wire = in ? json::parse(in, nullptr, false) : json();
    try {
      if (wire.is_discarded() || wire.is_null()) throw std::runtime_error("missing");
      grades.push_back(from_wire(suite, wire));
    } catch (const std::exception&) {
      missing.push_back(name_of(d));
    }
  }
  if (!missing.empty()) {
    fmt::print(stderr, "grade: {} of {} submissions have no grade in {} yet, so no gradebook was written: {}\n", missing.size(), dirs.size(),
               out.string(), fmt::join(missing, ", "));
    return exit_bad_input;
  }
  reports::write_file_atomically((out / "gradebook.csv").string(), gradebook_csv(suite, grades));
  if (o.junit) reports::write_file_atomically(*o.junit, grading_junit(grades));
  fmt::print("{} submissions merged: {}\n", grades.size(), (out / "gradebook.csv").string());
  return exit_ok;
}

}  // namespace

int grade_command(const GradeOptions& o) {
  ::signal(SIGPIPE, SIG_IGN);  // a submission that dies mid-request must not take the grader with it
  Toolkit toolkit = find_toolkit();
  for (const auto& path : o.sandbox_readable) toolkit.sandbox_readable.push_back(fs::absolute(path).lexically_normal());
  const std::string suite_path = o.suite.value_or((toolkit.headers / "scenarios" / "grading" / "suite.json").string());
  const auto loaded = load_suite_file(suite_path);
  if (!loaded.suite) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
    return exit_bad_input;
  }
  const GradingSuite& suite = *loaded.suite;
  const int cores = static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  const int jobs = o.jobs > 0 ? o.jobs : cores;

  auto dirs = submission_dirs(o);
  if (!dirs) return exit_bad_input;
  if ((o.cluster.emit || o.merge || !o.only.empty()) && !o.submissions) {
    fmt::print(stderr, "grade: --emit, --merge and --only work on a class: give --submissions DIR\n");
    return exit_bad_input;
  }
  const fs::path class_out = o.out_dir.value_or("out/grade");
  if (o.cluster.emit) return emit_class(o, *dirs, suite_path, class_out);
  if (o.merge) return merge_class(suite, *dirs, o, class_out);
  if (!o.only.empty()) {
    dirs = only_these(*dirs, o.only);
    if (!dirs) return exit_bad_input;
  }

  try {
    const SandboxReport sandbox = probe_sandbox();
    if (!sandbox.files_isolated()) {
      fmt::print(stderr, "grade: {}\n", sandbox.isolation_warning());
      if (o.require_isolation) {
        fmt::print(stderr, "grade: --require-isolation: not grading\n");
        return exit_unsupported_here;
      }
    }
    if (!o.quiet)
      fmt::print("{}: {} tests, {:g} points\n{}\n", suite_path, suite.tests.size(), suite.total_points(), sandbox.describe());
    const Grader grader(suite, toolkit, jobs, sandbox);
    if (o.submissions) {
      const fs::path& out = class_out;
      const auto grades = grade_class(grader, suite, *dirs, o, out, std::min<int>(jobs, static_cast<int>(dirs->size())));
      if (!o.only.empty()) {  // a worker: the gradebook comes with the merge
        fmt::print("{} submissions graded into {}\n", grades.size(), out.string());
        return exit_ok;
      }
      reports::write_file_atomically((out / "gradebook.csv").string(), gradebook_csv(suite, grades));
      if (o.junit) reports::write_file_atomically(*o.junit, grading_junit(grades));
      fmt::print("{} submissions graded: {}\n", grades.size(), (out / "gradebook.csv").string());
      return exit_ok;
    }
    SubmissionGrade g;
    try {
      g = grader.grade(dirs->front(), o.command);
    } catch (const std::invalid_argument& e) {
      fmt::print(stderr, "grade: {}\n", e.what());
      return exit_bad_input;
    }
    const fs::path out = o.out_dir.value_or((fs::path("out/grade") / g.submission).string());
    write_outputs(suite, g, out);
    if (o.junit) reports::write_file_atomically(*o.junit, grading_junit({g}));
    if (!g.output.empty() && !o.quiet) fmt::print("{}\n\n", g.output);
    fmt::print("{}\n{}: {:.4g} / {:g}\nresults: {}\nfeedback: {}\ninstructor's view: {}\n", console_table(g), g.submission,
               g.score, g.max_score, (out / "results.json").string(), (out / "feedback.html").string(),
               (out / "instructor.html").string());
    return exit_ok;
  } catch (const std::exception& e) {
    fmt::print(stderr, "grade: {}\n", e.what());
    return exit_bad_input;
  }
}

}  // namespace chaossim::tools
