#pragma once
// Landlock (Linux 5.13+): a process restricts, for itself and everything it
// starts, which files it may open, list, run or change. It needs no
// privileges, so it isolates a submission when the grader is an ordinary
// user, and it stays in force whatever the process does next (changing uid,
// entering namespaces). We use the raw system calls (a few lines, no
// library) and define the access rights of later ABIs here: Debian's
// linux-libc-dev may predate the running kernel.
//
// Everything a ruleset handles is denied unless a rule allows it. Beyond
// files, later ABIs let us deny TCP bind/connect (ABI 4: the seccomp filter
// already kills on sockets, this is a second wall) and scope abstract UNIX
// sockets and signals to the sandbox (ABI 6): a submission that keeps the
// grader's uid cannot signal the grader or talk to a daemon's abstract socket.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace chaossim::grading {

// The Landlock ABI this kernel offers; 0 when it offers none (too old, not
// enabled among the LSMs, or its system calls filtered, as in some containers).
int landlock_abi();

// A ruleset prepared before fork and put in force in the child, where only
// async-signal-safe calls are allowed: enforce() makes system calls only.
class LandlockRules {
 public:
  enum class Access { read_only, read_write, device };

  explicit LandlockRules(int abi);
  // Allows `access` to `path` and, for a directory, everything beneath it.
  // A path that does not exist is skipped.
  void allow(const std::filesystem::path& path, Access access);

  // In the child: from now on, this process and its children see only what
  // the rules allow. False when the kernel refused (then nothing changed).
  // Needs PR_SET_NO_NEW_PRIVS (or CAP_SYS_ADMIN) first.
  bool enforce() const noexcept;
  int abi() const { return abi_; }

 private:
  struct Rule {
    std::string path;
    std::uint64_t access;
  };
  int abi_;
  std::uint64_t handled_fs_ = 0;
  std::vector<Rule> rules_;
};

}  // namespace chaossim::grading
