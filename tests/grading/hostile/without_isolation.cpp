// Runs a command as it would run on a machine that cannot isolate files: its
// Landlock system calls answer ENOSYS (as on an old kernel, or in a container
// that filters them) and, if started as root, it runs as nobody (so no mount
// namespace either). The grading tests use it to see the grader warn, and
// refuse with --require-isolation.
//
// usage: without_isolation COMMAND [ARG...]
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: without_isolation COMMAND [ARG...]\n");
    return 2;
  }
  constexpr unsigned nobody = 65534;
  if (::geteuid() == 0 && (::setgid(nobody) != 0 || ::setuid(nobody) != 0)) {
    std::perror("cannot become nobody");
    return 2;
  }
  sock_filter program[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_landlock_create_ruleset, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  const sock_fprog filter{sizeof program / sizeof program[0], program};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) != 0) {
    std::perror("cannot install the filter");
    return 2;
  }
  ::execvp(argv[1], argv + 1);
  std::fprintf(stderr, "cannot run %s: %s\n", argv[1], std::strerror(errno));
  return 127;
}
