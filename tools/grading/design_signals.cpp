#include "tools/grading/design_signals.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace chaossim::grading {
namespace fs = std::filesystem;
namespace {

// Bug-prone code, concurrency mistakes and needless copies; the swappable
// parameters check flags every (double now, double latency_s) the
// interfaces themselves declare.
constexpr const char* tidy_checks =
    "-*,bugprone-*,-bugprone-easily-swappable-parameters,concurrency-*,performance-*,readability-function-size";
// Every threshold at 0: the check then measures every function.
constexpr const char* tidy_config =
    "{CheckOptions: [{key: readability-function-size.LineThreshold, value: 0},"
    " {key: readability-function-size.BranchThreshold, value: 0}]}";

std::string text_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int lines_in(const std::string& text) {
  const auto n = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  return n + (text.empty() || text.back() == '\n' ? 0 : 1);
}

bool has_extension(const fs::path& p, std::initializer_list<const char*> extensions) {
  return std::any_of(extensions.begin(), extensions.end(), [&](const char* e) { return p.extension() == e; });
}

// The submission's own files of a language: chaossim's reference sources
// carried unchanged are not the student's design.
std::vector<fs::path> own_files(const fs::path& dir, std::initializer_list<const char*> extensions, const Toolkit& toolkit,
                                int& skipped) {
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_symlink() || !it->is_regular_file() || !has_extension(it->path(), extensions)) continue;
    const fs::path relative = fs::relative(it->path(), dir);
    const fs::path kit = toolkit.headers / "patterns" / relative.filename();
    if (fs::is_regular_file(kit) && text_of(kit) == text_of(it->path())) {
      ++skipped;
      continue;
    }
    if (relative.filename() == "chaossim_student.py") continue;  // the grader's helper
    files.push_back(relative);
  }
  std::sort(files.begin(), files.end());
  return files;
}

SandboxLimits tool_limits(const SandboxLimits& limits) {
  SandboxLimits l = limits;
  l.cpu_s = std::max(limits.cpu_s, 120.0);
  l.wall_s = std::max(limits.wall_s, 180.0);
  l.memory_mib = std::max<std::size_t>(limits.memory_mib, 2048);
  l.output_kib = 8;
  return l;
}

// Copies `files` of `dir` under `workdir`/src, and the kit's headers under include/.
void lay_out(const fs::path& dir, const std::vector<fs::path>& all_files, const Toolkit& toolkit, const fs::path& workdir) {
  fs::create_directories(workdir / "include" / "patterns");
  for (const auto& header : fs::directory_iterator(toolkit.headers / "patterns"))
    if (header.path().extension() == ".hpp") fs::copy_file(header.path(), workdir / "include" / "patterns" / header.path().filename());
  for (const auto& file : all_files) {
    fs::create_directories((workdir / "src" / file).parent_path());
    fs::copy_file(dir / file, workdir / "src" / file, fs::copy_options::overwrite_existing);
  }
}

std::vector<fs::path> every_file(const fs::path& dir) {
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    if (!it->is_symlink() && it->is_regular_file()) files.push_back(fs::relative(it->path(), dir));
  return files;
}

std::optional<std::string> tool_output(const std::vector<std::string>& argv, const fs::path& workdir, const SandboxView& view,
                                       const SandboxLimits& limits, std::string& note) {
  try {
    SandboxedProcess tool(argv, workdir, view, limits);
    std::string out = tool.output_to_end();
    const Termination& end = tool.termination();
    if (end.kind == Termination::Kind::signaled || end.kind == Termination::Kind::wall_limit ||
        end.kind == Termination::Kind::memory_limit) {
      note += fmt::format("{} {} on these files. ", fs::path(argv[0]).filename().string(), end.describe(limits));
      return std::nullopt;
    }
    return out;
  } catch (const std::exception& e) {
    note += fmt::format("{} could not run: {}. ", fs::path(argv[0]).filename().string(), e.what());
    return std::nullopt;
  }
}

void measure_cpp(const fs::path& dir, const Toolkit& toolkit, const fs::path& workdir, const SandboxLimits& limits,
                 DesignSignals& signals) {
  int skipped = 0;
  const auto files = own_files(dir, {".cpp", ".cc", ".cxx", ".hpp", ".h", ".hh"}, toolkit, skipped);
  if (skipped > 0)
    signals.note += fmt::format("{} file{} identical to chaossim's reference sources left out. ", skipped, skipped == 1 ? "" : "s");
  std::vector<fs::path> sources;
  for (const auto& f : files) {
    signals.lines += lines_in(text_of(dir / f));
    if (has_extension(f, {".cpp", ".cc", ".cxx"})) sources.push_back(f);
  }
  signals.files = static_cast<int>(files.size());
  if (sources.empty()) return;
  if (!fs::exists(toolkit.clang_tidy)) {
    signals.note += "clang-tidy is not installed on this grader: no function measures or findings. ";
    return;
  }
  lay_out(dir, every_file(dir), toolkit, workdir);
  std::vector<std::string> argv{toolkit.clang_tidy.string(), "--quiet", std::string("-checks=") + tidy_checks,
                                std::string("-config=") + tidy_config, "-header-filter=" + (workdir / "src").string() + "/"};
  for (const auto& s : sources) argv.push_back((fs::path("src") / s).string());
  argv.insert(argv.end(), {"--", "-std=c++20", "-Iinclude", "-Isrc"});
  if (const auto out = tool_output(argv, workdir, SandboxView::compiler(), tool_limits(limits), signals.note)) {
    read_clang_tidy(*out, (workdir / "src").string() + "/", signals);
    signals.linted = true;
  }
}

void measure_python(const fs::path& dir, const Toolkit& toolkit, const fs::path& workdir, const SandboxLimits& limits,
                    DesignSignals& signals) {
  int skipped = 0;
  const auto files = own_files(dir, {".py"}, toolkit, skipped);
  if (files.empty()) return;
  fs::create_directories(workdir);
  for (const auto& f : files) {
    fs::create_directories((workdir / f).parent_path());
    fs::copy_file(dir / f, workdir / f, fs::copy_options::overwrite_existing);
  }
  const fs::path script = toolkit.python_helper.parent_path() / "design_signals.py";
  fs::copy_file(script, workdir / "chaossim_design_signals.py", fs::copy_options::overwrite_existing);
  std::vector<std::string> argv{toolkit.python.string(), "chaossim_design_signals.py"};
  for (const auto& f : files) argv.push_back(f.string());
  if (const auto out = tool_output(argv, workdir, SandboxView::runtime().with(toolkit.python), tool_limits(limits), signals.note))
    read_python_measures(*out, signals);
}

}  // namespace

namespace {

// The functions whose `field` is above `limit`, the largest first.
std::vector<FunctionMeasure> above(const std::vector<FunctionMeasure>& functions, int FunctionMeasure::*field, int limit) {
  std::vector<FunctionMeasure> out;
  std::copy_if(functions.begin(), functions.end(), std::back_inserter(out),
               [&](const FunctionMeasure& f) { return f.*field > limit; });
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return a.*field > b.*field; });
  return out;
}

}  // namespace

std::vector<FunctionMeasure> DesignSignals::long_functions() const {
  return above(functions, &FunctionMeasure::lines, long_function_lines);
}

std::vector<FunctionMeasure> DesignSignals::complex_functions() const {
  return above(functions, &FunctionMeasure::complexity, complex_function);
}

std::string DesignSignals::describe() const {
  std::string out = fmt::format("Design signals (not scored: for the person who grades the design)\n{} files, {} lines, "
                                "{} functions measured.\n",
                                files, lines, functions.size());
  const auto list = [&](const std::vector<FunctionMeasure>& fs, const std::string& title, auto what) {
    if (fs.empty()) return;
    out += fmt::format("{}:\n", title);
    for (std::size_t i = 0; i < fs.size() && i < 10; ++i)
      out += fmt::format("  {} ({}:{}): {}\n", fs[i].name, fs[i].file, fs[i].line, what(fs[i]));
    if (fs.size() > 10) out += fmt::format("  and {} more\n", fs.size() - 10);
  };
  list(long_functions(), fmt::format("Functions over {} lines", long_function_lines),
       [](const FunctionMeasure& f) { return fmt::format("{} lines", f.lines); });
  list(complex_functions(), fmt::format("Functions of cyclomatic complexity over {}", complex_function),
       [](const FunctionMeasure& f) { return fmt::format("complexity {}", f.complexity); });
  if (long_functions().empty() && complex_functions().empty())
    out += fmt::format("No function over {} lines or of complexity over {}.\n", long_function_lines, complex_function);
  if (!findings.empty()) {
    out += fmt::format("clang-tidy ({}):\n", findings.size());
    for (std::size_t i = 0; i < findings.size() && i < 20; ++i) out += "  " + findings[i] + "\n";
    if (findings.size() > 20) out += fmt::format("  and {} more\n", findings.size() - 20);
  }
  if (!note.empty()) out += note + "\n";
  return out;
}

nlohmann::json to_json(const DesignSignals& s) {
  nlohmann::json functions = nlohmann::json::array();
  for (const auto& f : s.functions)
    functions.push_back({{"name", f.name}, {"file", f.file}, {"line", f.line}, {"lines", f.lines}, {"complexity", f.complexity}});
  return {{"files", s.files}, {"lines", s.lines}, {"functions", functions}, {"findings", s.findings}, {"linted", s.linted},
          {"note", s.note}};
}

DesignSignals design_signals_from(const nlohmann::json& j) {
  DesignSignals s;
  s.files = j.at("files").get<int>();
  s.lines = j.at("lines").get<int>();
  for (const auto& f : j.at("functions"))
    s.functions.push_back({f.at("name").get<std::string>(), f.at("file").get<std::string>(), f.at("line").get<int>(),
                           f.at("lines").get<int>(), f.at("complexity").get<int>()});
  s.findings = j.at("findings").get<std::vector<std::string>>();
  s.linted = j.at("linted").get<bool>();
  s.note = j.at("note").get<std::string>();
  return s;
}

void read_clang_tidy(const std::string& output, const std::string& prefix, DesignSignals& signals) {
  static const std::regex diagnostic(R"(^(.+):(\d+):\d+: (warning|error|note): (.*?)(?: \[([\w.,-]+)\])?$)");
  static const std::regex size_warning(R"(function '(.+)' exceeds recommended size/complexity thresholds)");
  static const std::regex lines_note(R"((\d+) lines including whitespace and comments)");
  static const std::regex branches_note(R"((\d+) branches)");
  std::istringstream in(output);
  FunctionMeasure* current = nullptr;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, diagnostic)) continue;
    std::string file = m[1].str();
    if (file.starts_with(prefix)) file.erase(0, prefix.size());
    const std::string kind = m[3].str(), message = m[4].str(), check = m[5].str();
    std::smatch part;
    if (kind == "warning" && check == "readability-function-size" && std::regex_search(message, part, size_warning)) {
      signals.functions.push_back({part[1].str(), file, std::stoi(m[2].str()), 0, 1});
      current = &signals.functions.back();
    } else if (kind == "note" && current != nullptr && std::regex_search(message, part, lines_note)) {
      current->lines = std::stoi(part[1].str());
    } else if (kind == "note" && current != nullptr && std::regex_search(message, part, branches_note)) {
      current->complexity = std::stoi(part[1].str()) + 1;
    } else if (kind == "warning" || kind == "error") {
      current = nullptr;
      if (file.starts_with("/")) continue;  // in the system's headers or the kit's
      signals.findings.push_back(fmt::format("{}:{}: {}{}", file, m[2].str(), message, check.empty() ? "" : " [" + check + "]"));
    }
  }
}

void read_python_measures(const std::string& output, DesignSignals& signals) {
  const auto j = nlohmann::json::parse(output, nullptr, false);
  if (!j.is_object()) {
    signals.note += "The Python measures could not be read. ";
    return;
  }
  signals.files += j.value("files", 0);
  signals.lines += j.value("lines", 0);
  for (const auto& f : j.value("functions", nlohmann::json::array()))
    signals.functions.push_back({f.value("name", ""), f.value("file", ""), f.value("line", 0), f.value("lines", 0),
                                 f.value("complexity", 1)});
  for (const auto& e : j.value("errors", nlohmann::json::array()))
    if (e.is_string()) signals.note += "Not parsed: " + e.get<std::string>() + ". ";
}

std::optional<DesignSignals> measure_design(const fs::path& dir, const Submission& submission, const Toolkit& toolkit,
                                            const fs::path& scratch, const SandboxLimits& limits) {
  if (submission.language != "cpp" && submission.language != "python") return std::nullopt;
  DesignSignals signals;
  const fs::path workdir = scratch / "design";
  if (submission.language == "cpp") measure_cpp(dir, toolkit, workdir, limits, signals);
  else measure_python(dir, toolkit, workdir, limits, signals);
  std::error_code ignored;
  fs::remove_all(workdir, ignored);
  return signals;
}

}  // namespace chaossim::grading
