// chaossim init-submission: a student's starting point, in C++ or Python.
#include <filesystem>

#include <fmt/format.h>

#include "tools/commands.hpp"
#include "tools/grading/submission.hpp"

namespace chaossim::tools {

int init_submission_command(const InitSubmissionOptions& o) {
  namespace fs = std::filesystem;
  const fs::path dir = o.dir;
  if (fs::exists(dir) && (!fs::is_directory(dir) || !fs::is_empty(dir))) {
    fmt::print(stderr, "init-submission: {} exists and is not an empty directory\n", dir.string());
    return exit_bad_input;
  }
  const auto toolkit = grading::find_toolkit();
  const fs::path starter = toolkit.headers / "tools" / "grading" / "starter";
  try {
    fs::create_directories(dir);
    fs::copy_file(starter / "README.md", dir / "README.md");
    if (o.language == "python") {
      fs::copy_file(starter / "student.py", dir / "student.py");
      // For running it by hand; the grader always uses its own copy.
      fs::copy_file(toolkit.python_helper, dir / "chaossim_student.py");
    } else {
      fs::copy_file(starter / "submission.cpp", dir / "submission.cpp");
    }
  } catch (const fs::filesystem_error& e) {
    fmt::print(stderr, "init-submission: {}\n", e.what());
    return exit_bad_input;
  }
  fmt::print("wrote a {} starter to {}\ngrade it with: chaossim grade --submission {}\n", o.language == "python" ? "Python" : "C++",
             dir.string(), dir.string());
  return exit_ok;
}

}  // namespace chaossim::tools
