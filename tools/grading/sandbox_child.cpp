#include "tools/grading/sandbox_child.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

namespace chaossim::grading {
namespace {

void set_limit(int resource, rlim_t soft, rlim_t hard) {
  const rlimit limit{soft, hard};
  ::setrlimit(resource, &limit);
}

}  // namespace

void run_child(const ChildPlan& plan) noexcept {
  // Built from the plan's strings without allocating: the vectors' storage
  // would be malloc, so the arrays live on the stack.
  constexpr std::size_t most = 64;
  char* args[most + 1] = {};
  char* env[most + 1] = {};
  for (std::size_t i = 0; i < plan.arg_strings.size() && i < most; ++i) args[i] = const_cast<char*>(plan.arg_strings[i].c_str());
  for (std::size_t i = 0; i < plan.env_strings.size() && i < most; ++i) env[i] = const_cast<char*>(plan.env_strings[i].c_str());

  ::setsid();
  ::dup2(plan.stdin_fd, STDIN_FILENO);
  ::dup2(plan.stdout_fd, STDOUT_FILENO);
  ::dup2(plan.stderr_fd, STDERR_FILENO);
  ::dup2(plan.status_fd, 3);
  ::fcntl(3, F_SETFD, FD_CLOEXEC);
  ::close_range(4, ~0U, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int s : {SIGPIPE, SIGXCPU, SIGXFSZ, SIGSYS, SIGINT, SIGTERM, SIGCHLD}) ::signal(s, SIG_DFL);
  if (::chdir(plan.workdir.c_str()) != 0) _exit(127);
  set_limit(RLIMIT_CPU, plan.cpu_s, plan.cpu_s + 1);
  set_limit(RLIMIT_AS, plan.memory_bytes, plan.memory_bytes);
  set_limit(RLIMIT_FSIZE, plan.file_bytes, plan.file_bytes);
  set_limit(RLIMIT_NOFILE, 64, 64);
  set_limit(RLIMIT_CORE, 0, 0);
  std::uint8_t applied = 0;
  if (plan.uid != 0) {
    // Counted per uid: with a uid of its own, the limit is this process tree's.
    set_limit(RLIMIT_NPROC, plan.processes, plan.processes);
    if (::unshare(CLONE_NEWNET) == 0) applied |= applied_netns;
    // IPC too: System V shared memory is per IPC namespace, not per file.
    if (plan.root && ::unshare(CLONE_NEWNS | CLONE_NEWIPC) == 0 && plan.root->enter(plan.workdir.c_str()))
      applied |= applied_mount_namespace;
    if (::chdir(plan.workdir.c_str()) != 0) _exit(127);
    if (::setgroups(0, nullptr) == 0 && ::setgid(plan.uid) == 0 && ::setuid(plan.uid) == 0) applied |= applied_uid;
  }
  const sock_fprog filter{static_cast<unsigned short>(plan.seccomp.size()), const_cast<sock_filter*>(plan.seccomp.data())};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0) {
    if (plan.landlock && plan.landlock->enforce()) applied |= applied_landlock;
    if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) == 0) applied |= applied_seccomp;
  }
  (void)!::write(3, &applied, 1);
  ::execve(args[0], args, env);
  const int error = errno;
  (void)!::write(3, &error, sizeof error);
  _exit(127);
}

}  // namespace chaossim::grading
