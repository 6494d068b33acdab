#pragma once
// What a sandboxed child does between fork and exec, all of it prepared in
// the grader before fork: after fork only async-signal-safe calls are
// allowed (another thread may have held malloc's lock), so the child only
// makes system calls on data built here.
#include <linux/filter.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/grading/landlock.hpp"
#include "tools/grading/minimal_root.hpp"

namespace chaossim::grading {

// Reported by the child up its status pipe before exec, one bit each.
enum ChildApplied : std::uint8_t {
  applied_uid = 1,
  applied_netns = 2,
  applied_seccomp = 4,
  applied_mount_namespace = 8,
  applied_landlock = 16,
};

struct ChildPlan {
  std::vector<std::string> arg_strings, env_strings;
  std::string workdir;
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1, status_fd = -1;
  rlim_t cpu_s = 0, memory_bytes = 0, file_bytes = 0, processes = 1;
  uid_t uid = 0;  // 0: the child keeps the grader's uid (it is not root)
  std::vector<sock_filter> seccomp;
  std::optional<MinimalRoot> root;      // set: enter it (needs root)
  std::optional<LandlockRules> landlock;  // set: put it in force
};

// In the child: applies the plan and execs; never returns. The status pipe
// gets the ChildApplied bits, then, if exec fails, its errno.
[[noreturn]] void run_child(const ChildPlan& plan) noexcept;

}  // namespace chaossim::grading
