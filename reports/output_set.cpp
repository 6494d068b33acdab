#include "reports/output_set.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

namespace chaossim::reports {
namespace fs = std::filesystem;

namespace {

// What `run`, `report` and `compare` write; a folder holding only these (an
// output folder from before sets had a marker) may be replaced too.
constexpr std::array<const char*, 9> known_names{"results.json", "timeseries.csv", "summary.md", "report.html", "charts",
                                                 "compare.json", "compare.html", "slo-junit.xml", output_set_marker};

// Why `folder` cannot be replaced by a new set, or empty if it can.
std::string replace_problem(const fs::path& folder) {
  std::error_code ec;
  const auto status = fs::symlink_status(folder, ec);
  if (!fs::exists(status) && !fs::is_symlink(status)) return {};
  if (fs::is_symlink(status)) return "it is a symbolic link, and the folder is replaced as a whole: give the folder it points to";
  if (!fs::is_directory(status)) return "it exists and is not a folder";
  if (fs::exists(folder / output_set_marker)) return {};
  std::vector<std::string> foreign;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (!is_output_file_name(name)) foreign.push_back(name);
  }
  if (ec) return "it cannot be read: " + ec.message();
  if (foreign.empty()) return {};
  return fmt::format("it holds files a chaossim command did not write ({}{}), and the whole folder is replaced: "
                     "give a new or empty folder",
                     fmt::join(foreign.begin(), foreign.begin() + std::min<std::size_t>(foreign.size(), 3), ", "),
                     foreign.size() > 3 ? ", ..." : "");
}

}  // namespace

bool is_output_file_name(const std::string& name) {
  for (const char* known : known_names)
    if (name == known) return true;
  return false;
}

OutputSet::OutputSet(fs::path folder) : folder_(fs::absolute(std::move(folder)).lexically_normal()) {
  if (folder_.filename().empty()) folder_ = folder_.parent_path();
  if (const std::string problem = replace_problem(folder_); !problem.empty())
    throw OutputFolderError(fmt::format("{}: cannot write the outputs there: {}", folder_.string(), problem));
  std::error_code ec;
  fs::create_directories(folder_.parent_path(), ec);
  if (ec) throw OutputFolderError(fmt::format("{}: cannot create its parent folder: {}", folder_.string(), ec.message()));
  std::string pattern = (folder_.parent_path() / ("." + folder_.filename().string() + ".staging-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw OutputFolderError(fmt::format("{}: cannot write the outputs there: {}", folder_.string(), std::strerror(errno)));
  // mkdtemp makes it private; published, it is an ordinary folder.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(pattern.c_str(), 0777 & ~mask);
  staging_ = pattern;
}

OutputSet::~OutputSet() {
  std::error_code ignored;
  if (!staging_.empty()) fs::remove_all(staging_, ignored);
}

fs::path OutputSet::place(const fs::path& path) const {
  const fs::path absolute = fs::absolute(path).lexically_normal();
  const fs::path inside = absolute.lexically_relative(folder_);
  if (inside.empty() || *inside.begin() == "..") return path;
  return staging_ / inside;
}

void OutputSet::publish() {
  {
    std::ofstream marker(staging_ / output_set_marker);
    marker << "A set of outputs chaossim wrote and published whole; this folder is replaced by the next.\n";
    if (!marker) throw OutputFolderError(fmt::format("{}: cannot write the outputs", folder_.string()));
  }
  // A new folder, or an existing one exchanged for the staged one in a
  // single step; a file system without exchange (NFS) gets two renames, with
  // a moment when the folder does not exist but never one with a mix.
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, folder_.c_str(), RENAME_NOREPLACE) != 0) {
    if (errno != EEXIST && errno != ENOTEMPTY && errno != EINVAL)
      throw OutputFolderError(fmt::format("{}: cannot publish the outputs: {}", folder_.string(), std::strerror(errno)));
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, folder_.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL)
        throw OutputFolderError(fmt::format("{}: cannot publish the outputs: {}", folder_.string(), std::strerror(errno)));
      std::string old;
      if (fs::exists(folder_)) {
        old = (folder_.parent_path() / ("." + folder_.filename().string() + ".old-XXXXXX")).string();
        if (::mkdtemp(old.data()) == nullptr || std::rename(folder_.c_str(), old.c_str()) != 0)
          throw OutputFolderError(fmt::format("{}: cannot publish the outputs: {}", folder_.string(), std::strerror(errno)));
      }
      if (std::rename(staging_.c_str(), folder_.c_str()) != 0)
        throw OutputFolderError(fmt::format("{}: cannot publish the outputs: {}", folder_.string(), std::strerror(errno)));
      staging_ = old;  // the previous set, removed below
    }
  } else {
    staging_.clear();  // it is the folder now
  }
  std::error_code ignored;
  if (!staging_.empty()) fs::remove_all(staging_, ignored);  // after the exchange: the previous set
  staging_.clear();
}

}  // namespace chaossim::reports
