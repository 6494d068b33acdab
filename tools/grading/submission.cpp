#include "tools/grading/submission.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "tools/grading/compiler_output.hpp"

namespace chaossim::grading {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t largest_submission = 64ull << 20;

// Regular files only: a symlink in a student's directory could point the
// grader (root, on Gradescope) at any file of the machine.
std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  std::uintmax_t total = 0;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_symlink()) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    total += it->file_size();
    if (total > largest_submission)
      throw std::invalid_argument(fmt::format("{} holds more than {} MiB", dir.string(), largest_submission >> 20));
    files.push_back(fs::relative(it->path(), dir));
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool has_extension(const fs::path& p, std::initializer_list<const char*> extensions) {
  for (const char* e : extensions)
    if (p.extension() == e) return true;
  return false;
}

fs::path from_environment(const char* variable, const fs::path& fallback) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' ? fs::path(value) : fallback;
}

std::optional<fs::path> on_path(const std::string& program) {
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
    const fs::path candidate = fs::path(dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

std::vector<std::string> split_words(const std::string& command) {
  std::istringstream in(command);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::vector<fs::path> sources_of(const std::vector<fs::path>& files) {
  std::vector<fs::path> sources;
  for (const auto& f : files)
    if (has_extension(f, {".cpp", ".cc", ".cxx"})) sources.push_back(f);
  return sources;
}

// The compiler runs in the sandbox, in a folder holding only the
// submission's files and the kit's headers: an #include of anything else
// (another student's folder, /etc/passwd, the suite) finds nothing. Its
// output goes to `scratch`/build/`library`, which only the grader can read.
struct BuildFailure {
  std::string how;  // how the compiler ended
  std::string messages;
};

std::optional<BuildFailure> build_library(const fs::path& dir, const Toolkit& toolkit, const fs::path& scratch,
                                         const SandboxLimits& limits, const std::vector<std::string>& flags,
                                         const std::string& library) {
  const fs::path workdir = scratch / "compile", build_dir = scratch / "build";
  fs::remove_all(workdir);
  fs::create_directories(workdir / "include" / "patterns");
  for (const auto& header : fs::directory_iterator(toolkit.headers / "patterns"))
    if (header.path().extension() == ".hpp") fs::copy_file(header.path(), workdir / "include" / "patterns" / header.path().filename());
  std::vector<std::string> argv{toolkit.compiler.string(), "-std=c++20", "-fPIC", "-shared", "-Wl,-z,defs", "-Iinclude", "-Isrc"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"-o", library});
  const auto files = files_under(dir);
  for (const auto& file : files) {
    fs::create_directories((workdir / "src" / file).parent_path());
    fs::copy_file(dir / file, workdir / "src" / file);
  }
  for (const auto& source : sources_of(files)) argv.push_back((fs::path("src") / source).string());

  SandboxLimits compiling = limits;
  compiling.cpu_s = std::max(limits.cpu_s, 120.0);
  compiling.wall_s = std::max(limits.wall_s, 180.0);
  compiling.memory_mib = std::max<std::size_t>(limits.memory_mib, 2048);
  compiling.file_mib = std::max<std::size_t>(limits.file_mib, 256);
  compiling.processes = 64;  // the compiler driver starts cc1plus, as and ld
  compiling.output_kib = 8;
  SandboxedProcess compiler(argv, workdir, SandboxView::compiler(), compiling);
  const Termination end = compiler.finish();
  if (!end.clean() || !fs::exists(workdir / library))
    return BuildFailure{end.describe(compiling), without_foreign_files(compiler.error_output())};
  fs::copy_file(workdir / library, build_dir / library, fs::copy_options::overwrite_existing);
  fs::permissions(build_dir / library, fs::perms::owner_read | fs::perms::owner_write);
  fs::remove_all(workdir);
  return std::nullopt;
}

Submission compile(Submission s, const fs::path& dir, const Toolkit& toolkit, const fs::path& scratch,
                   const SandboxLimits& limits) {
  if (const auto error = build_library(dir, toolkit, scratch, limits, {"-O2"}, "submission.so")) {
    s.load_error = fmt::format("does not compile (the compiler {}):\n{}", error->how, error->messages);
    return s;
  }
  s.files = {{scratch / "build" / "submission.so", "submission.so"}, {toolkit.host, "chaossim-host"}};
  s.command = {"chaossim-host", "submission.so"};
  return s;
}

// A submission in any language, run by the instructor's --submission-cmd.
Submission run_by_command(Submission s, const fs::path& dir, const std::string& command) {
  s.language = "command";
  s.command = split_words(command);
  if (s.command.empty()) throw std::invalid_argument("--submission-cmd is empty");
  if (s.command[0].find('/') == std::string::npos && !fs::exists(dir / s.command[0])) {
    const auto found = on_path(s.command[0]);
    if (!found) throw std::invalid_argument(fmt::format("--submission-cmd: no program \"{}\" on the PATH", s.command[0]));
    s.command[0] = found->string();
  }
  // Interpreters keep their libraries in /usr/share (node, java's jars) and
  // reach themselves through /etc/alternatives; the rest, --sandbox-read.
  s.view = s.view.with("/usr/bin").with("/usr/share").with("/etc/alternatives");
  if (s.command[0].find('/') != std::string::npos) s.view = s.view.with(s.command[0]);
  return s;
}

}  // namespace

Toolkit find_toolkit() {
  Toolkit t;
  const fs::path self = fs::read_symlink("/proc/self/exe").parent_path();
  t.host = from_environment("CHAOSSIM_HOST", self / "chaossim-host");
  t.race_host = from_environment("CHAOSSIM_RACE_HOST", self / "chaossim-host-tsan");
  if (!fs::exists(t.race_host)) t.race_host.clear();
  const fs::path source = from_environment("CHAOSSIM_KIT_DIR", CHAOSSIM_SOURCE_DIR);
  t.headers = source;
  t.python_helper = source / "tools" / "grading" / "python" / "chaossim_student.py";
  return t;
}

Submission prepare_submission(const fs::path& dir, const std::optional<std::string>& command, const Toolkit& toolkit,
                              const fs::path& scratch, const SandboxLimits& limits) {
  if (!fs::is_directory(dir)) throw std::invalid_argument(fmt::format("{}: not a directory", dir.string()));
  Submission s;
  s.name = fs::absolute(dir).lexically_normal().filename().string();
  if (s.name.empty()) s.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
  const auto files = files_under(dir);
  for (const auto& f : files) s.files.emplace_back(dir / f, f.string());
  for (const auto& path : toolkit.sandbox_readable) s.view = s.view.with(path);

  if (command) return run_by_command(std::move(s), dir, *command);

  const std::vector<fs::path> sources = sources_of(files);
  std::vector<fs::path> libraries, python;
  for (const auto& f : files) {
    if (has_extension(f, {".cpp", ".cc", ".cxx"})) continue;
    if (has_extension(f, {".so"})) libraries.push_back(f);
    else if (has_extension(f, {".py"}) && f.filename() != "chaossim_student.py") python.push_back(f);
  }
  fs::create_directories(scratch / "build");
  fs::permissions(scratch / "build", fs::perms::owner_all);
  if (!sources.empty()) {
    s.language = "cpp";
    return compile(std::move(s), dir, toolkit, scratch, limits);
  }
  if (!libraries.empty()) {
    if (libraries.size() > 1) throw std::invalid_argument(fmt::format("{} holds more than one .so", dir.string()));
    s.language = "so";
    s.files = {{dir / libraries.front(), "submission.so"}, {toolkit.host, "chaossim-host"}};
    s.command = {"chaossim-host", "submission.so"};
    return s;
  }
  if (!python.empty()) {
    s.language = "python";
    auto student = std::find(python.begin(), python.end(), fs::path("student.py"));
    if (student == python.end() && python.size() > 1)
      throw std::invalid_argument(fmt::format("{} holds several .py files and no student.py: which one is the submission?",
                                              dir.string()));
    const fs::path entry = student != python.end() ? *student : python.front();
    // The grader's own helper, never the submission's copy of it.
    std::erase_if(s.files, [](const auto& f) { return f.second == "chaossim_student.py"; });
    s.files.emplace_back(toolkit.python_helper, "chaossim_student.py");
    s.command = {toolkit.python.string(), "chaossim_student.py", entry.string()};
    s.view = s.view.with(toolkit.python);
    return s;
  }
  throw std::invalid_argument(fmt::format(
      "{} holds no submission: no .cpp sources, no .so, no .py (for another language, give --submission-cmd)", dir.string()));
}

RaceBuild prepare_race_build(const fs::path& dir, const Submission& submission, const Toolkit& toolkit, const fs::path& scratch,
                             const SandboxLimits& limits) {
  if (submission.language == "so")
    return {std::nullopt, "A prebuilt library cannot be rebuilt with ThreadSanitizer: only the invariants were checked.", false};
  if (submission.language != "cpp" || submission.load_error) return {std::nullopt, {}, false};
  if (toolkit.race_host.empty())
    return {std::nullopt, "This grader's compiler has no ThreadSanitizer: only the invariants were checked.", false};
  // Debug information names the student's files and lines in TSan's
  // reports, as they are in the submission ("src/" is the compile folder's);
  // -finstrument-functions lets the host shake the threads' schedule
  // (schedule_noise.hpp) in the student's functions; the standard
  // library's are left alone, which would double the compile time.
  const std::string compile_dir = (scratch / "compile").string();
  if (const auto error = build_library(dir, toolkit, scratch, limits,
                                       {"-O1", "-g", "-fsanitize=thread", "-fno-omit-frame-pointer", "-finstrument-functions",
                                        "-finstrument-functions-exclude-file-list=/usr/include",
                                        "-fdebug-prefix-map=" + compile_dir + "/src/=", "-fdebug-prefix-map=src/=",
                                        "-fdebug-prefix-map=" + compile_dir + "=."},
                                       "submission-tsan.so"))
    return {std::nullopt,
            fmt::format("Built with ThreadSanitizer, your submission does not compile (the compiler {}):\n{}", error->how,
                        error->messages),
            true};
  Submission sanitized = submission;
  sanitized.files = {{scratch / "build" / "submission-tsan.so", "submission-tsan.so"}, {toolkit.race_host, "chaossim-host-tsan"}};
  sanitized.command = {"chaossim-host-tsan", "submission-tsan.so"};
  return {std::move(sanitized), {}, false};
}

std::vector<std::string> stage(const Submission& submission, const fs::path& workdir) {
  fs::create_directories(workdir);
  fs::permissions(workdir, fs::perms::owner_all);  // before the submission's files are in it
  for (const auto& [from, name] : submission.files) {
    fs::create_directories((workdir / name).parent_path());
    fs::copy_file(from, workdir / name, fs::copy_options::overwrite_existing);
  }
  std::vector<std::string> argv = submission.command;
  if (!argv.empty() && argv[0].find('/') == std::string::npos) argv[0] = (workdir / argv[0]).string();
  return argv;
}

}  // namespace chaossim::grading
