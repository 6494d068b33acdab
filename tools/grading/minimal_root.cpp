#include "tools/grading/minimal_root.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace chaossim::grading {
namespace fs = std::filesystem;

MinimalRoot::MinimalRoot(fs::path mountpoint) : mountpoint_(std::move(mountpoint)) {}

bool MinimalRoot::covered(const fs::path& path) const {
  for (const auto& b : bound_) {
    const auto [end, rest] = std::mismatch(b.begin(), b.end(), path.begin(), path.end());
    if (end == b.end()) return true;
  }
  return false;
}

void MinimalRoot::make_parents(const fs::path& path) {
  fs::path at = "/";
  for (auto part = std::next(path.begin()); part != path.end() && std::next(part) != path.end(); ++part) {
    at /= *part;
    if (std::find(directories_.begin(), directories_.end(), at) != directories_.end()) continue;
    directories_.push_back(at);
    steps_.push_back({Kind::directory, (mountpoint_ / at.relative_path()).string(), {}});
  }
}

void MinimalRoot::bind(const fs::path& requested, bool writable) {
  const fs::path path = requested.lexically_normal();
  std::error_code error;
  const auto status = fs::symlink_status(path, error);
  if (error || !fs::exists(status) || covered(path)) return;
  const std::string target = (mountpoint_ / path.relative_path()).string();
  make_parents(path);
  bound_.push_back(path);
  if (fs::is_symlink(status)) {
    steps_.push_back({Kind::symlink, target, fs::read_symlink(path).string()});
    const fs::path resolved = fs::canonical(path, error);
    if (!error) bind(resolved, writable);
    return;
  }
  if (fs::is_directory(status)) {
    directories_.push_back(path);
    steps_.push_back({Kind::directory, target, {}});
  } else {
    steps_.push_back({Kind::file, target, {}});
  }
  steps_.push_back({writable ? Kind::bind_writable : Kind::bind_read_only, target, path.string()});
}

void MinimalRoot::bind_device(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error) || covered(path)) return;
  const std::string target = (mountpoint_ / path.relative_path()).string();
  make_parents(path);
  bound_.push_back(path);
  steps_.push_back({Kind::file, target, {}});
  steps_.push_back({Kind::bind_device, target, path.string()});
}

bool MinimalRoot::enter(const char* workdir) const noexcept {
  // Nothing mounted here may reach the grader's namespace.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
  if (::mount("tmpfs", mountpoint_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0711,size=1m") != 0) return false;
  for (const Step& step : steps_) {
    const char* target = step.target.c_str();
    bool ok = true;
    switch (step.kind) {
      // Passable, not listable: a parent such as /tmp shows no name of what it holds.
      case Kind::directory: ok = ::mkdir(target, 0711) == 0 || errno == EEXIST; break;
      case Kind::file: {
        const int fd = ::open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        ok = fd >= 0 && ::close(fd) == 0;
        break;
      }
      case Kind::symlink: ok = ::symlink(step.source.c_str(), target) == 0; break;
      case Kind::bind_read_only:
      case Kind::bind_writable:
      case Kind::bind_device: {
        // A bind mount takes its flags from a remount; a device must keep
        // working (no MS_NODEV), the rest may hold no device or setuid file.
        unsigned long flags = MS_BIND | MS_REMOUNT | MS_NOSUID;
        if (step.kind != Kind::bind_device) flags |= MS_NODEV;
        if (step.kind == Kind::bind_read_only) flags |= MS_RDONLY;
        ok = ::mount(step.source.c_str(), target, nullptr, MS_BIND, nullptr) == 0 &&
             ::mount(nullptr, target, nullptr, flags, nullptr) == 0;
        break;
      }
    }
    if (!ok) return false;
  }
  // pivot_root(".", "."): the old root ends up stacked on the new one, and
  // detaching it leaves nothing of the machine's tree reachable.
  if (::chdir(mountpoint_.c_str()) != 0 || ::syscall(SYS_pivot_root, ".", ".") != 0 || ::umount2(".", MNT_DETACH) != 0 ||
      ::chdir("/") != 0)
    return false;
  if (::mount(nullptr, "/", nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) != 0) return false;
  return ::chdir(workdir) == 0;
}

}  // namespace chaossim::grading
