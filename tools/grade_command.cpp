// chaossim grade: one submission, or a class of them in parallel.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "tools/commands.hpp"
#include "tools/grading/grade_outputs.hpp"
#include "tools/grading/grader.hpp"

namespace chaossim::tools {
namespace {

namespace fs = std::filesystem;
using namespace chaossim::grading;

// A class's workers send their grade up a pipe; the trace stays in feedback.html.
json to_wire(const SubmissionGrade& g) {
  json tests = json::array();
  for (const auto& t : g.tests)
    tests.push_back({{"name", t.name}, {"kind", static_cast<int>(t.kind)}, {"score", t.score}, {"max_score", t.max_score},
                     {"passed", t.passed}, {"visibility", static_cast<int>(t.visibility)}, {"output", t.output}});
  return {{"submission", g.submission}, {"language", g.language}, {"score", g.score}, {"max_score", g.max_score},
          {"execution_s", g.execution_s}, {"output", g.output}, {"tests", tests}};
}

SubmissionGrade from_wire(const json& j) {
  SubmissionGrade g;
  g.submission = j.at("submission").get<std::string>();
  g.language = j.at("language").get<std::string>();
  g.score = j.at("score").get<double>();
  g.max_score = j.at("max_score").get<double>();
  g.execution_s = j.at("execution_s").get<double>();
  g.output = j.at("output").get<std::string>();
  for (const auto& t : j.at("tests"))
    g.tests.push_back({t.at("name").get<std::string>(), static_cast<GradingTest::Kind>(t.at("kind").get<int>()),
                       t.at("score").get<double>(), t.at("max_score").get<double>(), t.at("passed").get<bool>(),
                       static_cast<Visibility>(t.at("visibility").get<int>()), t.at("output").get<std::string>(), {}});
  return g;
}

// A directory that is not a submission still gets its row: zero, and why.
SubmissionGrade not_a_submission(const GradingSuite& suite, const std::string& name, const std::string& why) {
  SubmissionGrade g;
  g.submission = name;
  g.language = "none";
  g.output = why;
  for (const auto& t : suite.tests) {
    g.tests.push_back({t.name, t.kind, 0, t.points, false, t.visibility, t.feedback + "\n\nNot graded: " + why, {}});
    g.max_score += t.points;
  }
  return g;
}

void write_outputs(const GradingSuite& suite, const SubmissionGrade& g, const fs::path& dir) {
  reports::write_file_atomically((dir / "results.json").string(), gradescope_json(g));
  reports::write_file_atomically((dir / "feedback.html").string(), feedback_html(suite, g));
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
  std::vector<std::optional<SubmissionGrade>> grades(dirs.size());
  struct Worker {
    std::size_t index;
    int fd;
    int slot;
    std::string bytes;
  };
  std::map<pid_t, Worker> running;
  std::vector<int> free_slots;
  for (int s = jobs - 1; s >= 0; --s) free_slots.push_back(s);
  std::size_t next = 0, done = 0;
  while (done < dirs.size()) {
    while (next < dirs.size() && !free_slots.empty()) {
      int fds[2];
      if (::pipe(fds) != 0) throw std::runtime_error(std::strerror(errno));
      const int slot = free_slots.back();
      free_slots.pop_back();
      std::fflush(stdout);  // or the worker would print the parent's buffered lines again
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error(std::strerror(errno));
      if (pid == 0) {
        ::close(fds[0]);
        for (auto& [p, w] : running) ::close(w.fd);
        const SubmissionGrade g = grade_one(grader, suite, dirs[next], o.command);
        try {
          write_outputs(suite, g, out / g.submission);
        } catch (const std::exception& e) {
          fmt::print(stderr, "{}: cannot write the outputs: {}\n", g.submission, e.what());
        }
        const std::string bytes = to_wire(g).dump();
        for (std::size_t sent = 0; sent < bytes.size();) {
          const ssize_t n = ::write(fds[1], bytes.data() + sent, bytes.size() - sent);
          if (n <= 0 && errno != EINTR) _exit(3);
          if (n > 0) sent += static_cast<std::size_t>(n);
        }
        _exit(0);
      }
      ::close(fds[1]);
      running[pid] = {next++, fds[0], slot, {}};
    }
    std::vector<pollfd> polls;
    std::vector<pid_t> pids;
    for (auto& [pid, w] : running) {
      polls.push_back({w.fd, POLLIN, 0});
      pids.push_back(pid);
    }
    if (::poll(polls.data(), polls.size(), -1) < 0 && errno != EINTR) throw std::runtime_error(std::strerror(errno));
    for (std::size_t i = 0; i < polls.size(); ++i) {
      if (polls[i].revents == 0) continue;
      Worker& w = running[pids[i]];
      char chunk[65536];
      const ssize_t n = ::read(w.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        w.bytes.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      ::close(w.fd);
      int status = 0;
      ::waitpid(pids[i], &status, 0);
      const std::string name = fs::absolute(dirs[w.index]).lexically_normal().filename().string();
      try {
        grades[w.index] = from_wire(json::parse(w.bytes));
      } catch (const std::exception&) {
        grades[w.index] = not_a_submission(suite, name, "the grader's process for it failed (this is chaossim's fault)");
      }
      const auto& g = *grades[w.index];
      if (!o.quiet) {
        fmt::print("{:<30} {:>6g} / {:<6g} {} ({:.1f} s)\n", g.submission, g.score, g.max_score, g.language, g.execution_s);
        std::fflush(stdout);
      }
      free_slots.push_back(w.slot);
      running.erase(pids[i]);
      ++done;
    }
  }
  std::vector<SubmissionGrade> out_grades;
  for (auto& g : grades) out_grades.push_back(std::move(*g));
  return out_grades;
}

}  // namespace

int grade_command(const GradeOptions& o) {
  ::signal(SIGPIPE, SIG_IGN);  // a submission that dies mid-request must not take the grader with it
  const Toolkit toolkit = find_toolkit();
  const std::string suite_path = o.suite.value_or((toolkit.headers / "scenarios" / "grading" / "suite.json").string());
  const auto loaded = load_suite_file(suite_path);
  if (!loaded.suite) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
    return exit_bad_input;
  }
  const GradingSuite& suite = *loaded.suite;
  const int cores = static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  const int jobs = o.jobs > 0 ? o.jobs : cores;

  std::vector<fs::path> dirs;
  if (o.submissions) {
    if (!fs::is_directory(*o.submissions)) {
      fmt::print(stderr, "grade: {}: not a directory\n", *o.submissions);
      return exit_bad_input;
    }
    for (const auto& entry : fs::directory_iterator(*o.submissions))
      if (entry.is_directory() && !entry.path().filename().string().starts_with(".")) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    if (dirs.empty()) {
      fmt::print(stderr, "grade: {} holds no submission directories\n", *o.submissions);
      return exit_bad_input;
    }
  } else {
    dirs.push_back(o.submission.value_or("."));
    if (!fs::is_directory(dirs.front())) {
      fmt::print(stderr, "grade: {}: not a directory\n", dirs.front().string());
      return exit_bad_input;
    }
  }

  try {
    if (!o.quiet) {
      const fs::path scratch = fs::temp_directory_path();
      fmt::print("{}: {} tests, {:g} points\n{}\n", suite_path, suite.tests.size(), suite.total_points(),
                 probe_sandbox(scratch).describe());
    }
    const Grader grader(suite, toolkit, jobs);
    if (o.submissions) {
      const fs::path out = o.out_dir.value_or("out/grade");
      const auto grades = grade_class(grader, suite, dirs, o, out, std::min<int>(jobs, static_cast<int>(dirs.size())));
      reports::write_file_atomically((out / "gradebook.csv").string(), gradebook_csv(suite, grades));
      if (o.junit) reports::write_file_atomically(*o.junit, grading_junit(grades));
      fmt::print("{} submissions graded: {}\n", grades.size(), (out / "gradebook.csv").string());
      return exit_ok;
    }
    SubmissionGrade g;
    try {
      g = grader.grade(dirs.front(), o.command);
    } catch (const std::invalid_argument& e) {
      fmt::print(stderr, "grade: {}\n", e.what());
      return exit_bad_input;
    }
    const fs::path out = o.out_dir.value_or((fs::path("out/grade") / g.submission).string());
    write_outputs(suite, g, out);
    if (o.junit) reports::write_file_atomically(*o.junit, grading_junit({g}));
    if (!g.output.empty() && !o.quiet) fmt::print("{}\n\n", g.output);
    fmt::print("{}\n{}: {:g} / {:g}\nresults: {}\nfeedback: {}\n", console_table(g), g.submission, g.score, g.max_score,
               (out / "results.json").string(), (out / "feedback.html").string());
    return exit_ok;
  } catch (const std::exception& e) {
    fmt::print(stderr, "grade: {}\n", e.what());
    return exit_bad_input;
  }
}

}  // namespace chaossim::tools
