#pragma once
// A root file system holding only what a sandboxed process may see, for a
// grader running as root: in a mount namespace of the child's own, a small
// tmpfs becomes "/" (pivot_root) and each allowed path is bind-mounted into it
// at the place it has on the machine, read-only unless it is the process's
// own folder. What is not mounted does not exist for the process: not /etc,
// not /proc, not /tmp, not the other submissions. Paths keep their meaning,
// so argv and the environment are the same with or without it.
//
// Why not bubblewrap: it would be one more package to install and run, and
// the few mount calls below are all it would do for us here. Landlock
// (landlock.hpp) is put in force on top; this is what still isolates when
// the kernel offers no Landlock, and it hides even a file's existence.
#include <filesystem>
#include <string>
#include <vector>

namespace chaossim::grading {

class MinimalRoot {
 public:
  // `mountpoint`: an empty directory of the grader's; the new root is mounted
  // on it inside the child's namespace only, so it stays empty outside.
  explicit MinimalRoot(std::filesystem::path mountpoint);

  // Makes `path` visible at its own place: a symlink stays a symlink (and its
  // target is bound too), a directory comes with what it holds. A path
  // beneath one already bound, or that does not exist, adds nothing.
  void bind(const std::filesystem::path& path, bool writable);
  // A device node, such as /dev/null, usable for reading and writing.
  void bind_device(const std::filesystem::path& path);

  // In the child, as root, after unshare(CLONE_NEWNS): builds the root and
  // moves into it; the working directory is `workdir` afterwards. System
  // calls only (async-signal-safe). False if any step failed.
  bool enter(const char* workdir) const noexcept;

 private:
  enum class Kind { directory, file, symlink, bind_read_only, bind_writable, bind_device };
  struct Step {
    Kind kind;
    std::string target;  // inside the new root, as mounted on the mountpoint
    std::string source;  // the machine's path, or a symlink's text
  };
  void make_parents(const std::filesystem::path& path);
  bool covered(const std::filesystem::path& path) const;

  std::filesystem::path mountpoint_;
  std::vector<Step> steps_;
  std::vector<std::filesystem::path> bound_, directories_;
};

}  // namespace chaossim::grading
