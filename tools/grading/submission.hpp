#pragma once
// A submission, ready to start: the program the sandbox runs and the files
// its private directory gets. Kinds, as `chaossim grade` recognises them:
//   - C++ sources (*.cpp, *.cc): compiled, in the sandbox, against the
//     patterns headers into submission.so, run by chaossim-host;
//   - a prebuilt shared library (*.so): run by chaossim-host;
//   - Python (student.py, or the only *.py): run by the Python helper;
//   - any other language: a command given with --submission-cmd.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tools/grading/sandbox.hpp"

namespace chaossim::grading {

// Where the grader's own parts are: found next to the chaossim binary and in
// the source tree it was built from, or given (tests, Gradescope).
struct Toolkit {
  std::filesystem::path host;           // chaossim-host
  std::filesystem::path race_host;      // chaossim-host-tsan; empty where the compiler has no ThreadSanitizer
  std::filesystem::path python_helper;  // chaossim_student.py
  std::filesystem::path headers;        // the directory holding patterns/*.hpp
  std::filesystem::path python = "/usr/bin/python3";
  std::filesystem::path compiler = "/usr/bin/g++";
  std::filesystem::path clang_tidy = "/usr/bin/clang-tidy";  // for the design signals; optional
  // More of the machine a submission may read (--sandbox-read): what the
  // runtime of a --submission-cmd needs beyond the usual places.
  std::vector<std::filesystem::path> sandbox_readable;
};
Toolkit find_toolkit();

struct Submission {
  std::string name;  // the directory's name: a row of the gradebook
  std::string language;  // "cpp", "so", "python" or "command"
  // Copied into each test's private directory, under these names.
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  // argv; a first element without '/' is a file of the private directory.
  std::vector<std::string> command;
  // What of the machine it may read besides its folder: its runtime.
  SandboxView view = SandboxView::runtime();
  std::optional<std::string> load_error;  // set when it cannot run at all (e.g. it does not compile)
};

// What the concurrency tests run: C++ sources are built a second time with
// ThreadSanitizer and run by chaossim-host-tsan; a prebuilt library runs as
// it is, with its invariants checked and no race detection.
struct RaceBuild {
  std::optional<Submission> sanitized;
  std::string why_not;  // when there is none: why, for the feedback
  bool failed = false;  // the sources compile, but not with ThreadSanitizer: the tests fail with why_not
};

// Finds what `dir` holds and makes it runnable; C++ is compiled in the
// sandbox, under `limits`, in `scratch` (a private directory of the
// grader's, which the sandbox's uid may pass through). Throws
// std::invalid_argument when `dir` holds nothing recognisable (a usage
// error, not the student's).
Submission prepare_submission(const std::filesystem::path& dir, const std::optional<std::string>& command,
                              const Toolkit& toolkit, const std::filesystem::path& scratch, const SandboxLimits& limits);
// The ThreadSanitizer build of a prepared C++ submission, made the same way
// in the sandbox (in `scratch`).
RaceBuild prepare_race_build(const std::filesystem::path& dir, const Submission& submission, const Toolkit& toolkit,
                             const std::filesystem::path& scratch, const SandboxLimits& limits);

// Copies a submission's files into a fresh directory and returns its argv.
std::vector<std::string> stage(const Submission& submission, const std::filesystem::path& workdir);

}  // namespace chaossim::grading
