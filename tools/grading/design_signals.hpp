#pragma once
// Signals for the rubric's design part, which a person grades: the size of
// a submission, its functions' length and cyclomatic complexity, and for C++
// what clang-tidy finds with a curated list of checks (bugprone-*,
// concurrency-*, performance-*). Never scored: shown to the instructor
// beside the score, and to the student only if the suite says so.
//
// The tools parse the student's files, so they run in the sandbox as the
// compiler does: clang-tidy (its readability-function-size check, with every
// threshold at 0, measures each function) for C++, the standard library's
// ast module for Python. Files a submission carries unchanged from chaossim's
// own reference sources are not the student's design and are left out.
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/grading/submission.hpp"

namespace chaossim::grading {

struct FunctionMeasure {
  std::string name, file;
  int line = 0;
  int lines = 0;       // including blank lines and comments
  int complexity = 1;  // cyclomatic: decisions + 1
};

struct DesignSignals {
  static constexpr int long_function_lines = 60;
  static constexpr int complex_function = 10;  // McCabe's threshold

  int files = 0, lines = 0;
  std::vector<FunctionMeasure> functions;
  std::vector<std::string> findings;  // clang-tidy's: "file:line: message [check]"
  bool linted = false;                // clang-tidy ran (C++ only)
  std::string note;                   // what was left out or could not be measured, and why

  std::vector<FunctionMeasure> long_functions() const;     // longest first
  std::vector<FunctionMeasure> complex_functions() const;  // most complex first
  // For the instructor's page, the Gradescope entry and the console.
  std::string describe() const;
};

// Measures what `dir` holds for `submission` (C++ or Python; nullopt for a
// prebuilt library or a command), in the sandbox, under `scratch`.
std::optional<DesignSignals> measure_design(const std::filesystem::path& dir, const Submission& submission,
                                            const Toolkit& toolkit, const std::filesystem::path& scratch,
                                            const SandboxLimits& limits);

// As a class's workers send it up, and read it back.
nlohmann::json to_json(const DesignSignals& signals);
DesignSignals design_signals_from(const nlohmann::json& j);

// Readers of the tools' outputs, apart for the tests. `prefix` is taken off
// the paths clang-tidy prints (the folder it ran in).
void read_clang_tidy(const std::string& output, const std::string& prefix, DesignSignals& signals);
void read_python_measures(const std::string& output, DesignSignals& signals);

}  // namespace chaossim::grading
