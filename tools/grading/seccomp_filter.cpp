#include "tools/grading/seccomp_filter.hpp"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstddef>

namespace chaossim::grading {
namespace {

#if defined(__x86_64__)
constexpr std::uint32_t audit_arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr std::uint32_t audit_arch = AUDIT_ARCH_AARCH64;
#else
#error "the sandbox's seccomp filter knows x86_64 and aarch64"
#endif

sock_filter statement(std::uint16_t code, std::uint32_t k) { return {code, 0, 0, k}; }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t if_true, std::uint8_t if_false) {
  return {code, if_true, if_false, k};
}

}  // namespace

// Threads stay allowed (clone with CLONE_THREAD); clone3 answers ENOSYS, so
// that libc falls back to clone, whose flags the filter can read.
std::vector<sock_filter> seccomp_program(bool allow_processes) {
  constexpr std::uint32_t allow = SECCOMP_RET_ALLOW, kill = SECCOMP_RET_KILL_PROCESS;
  constexpr std::uint32_t enosys = SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA);
  const auto nr = static_cast<std::uint32_t>(offsetof(seccomp_data, nr));
  const auto arg0 = static_cast<std::uint32_t>(offsetof(seccomp_data, args));  // low half on little-endian
  std::vector<sock_filter> p{
      statement(BPF_LD | BPF_W | BPF_ABS, static_cast<std::uint32_t>(offsetof(seccomp_data, arch))),
      jump(BPF_JMP | BPF_JEQ | BPF_K, audit_arch, 1, 0),
      statement(BPF_RET | BPF_K, kill),
      statement(BPF_LD | BPF_W | BPF_ABS, nr),
      // socket(): AF_UNIX only
      jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 4),
      statement(BPF_LD | BPF_W | BPF_ABS, arg0),
      jump(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 0, 1),
      statement(BPF_RET | BPF_K, allow),
      statement(BPF_RET | BPF_K, kill),
      jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_io_uring_setup, 0, 1),
      statement(BPF_RET | BPF_K, enosys),
  };
  if (!allow_processes) {
    const std::vector<sock_filter> processes{
        jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
        statement(BPF_RET | BPF_K, enosys),
        jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4),
        statement(BPF_LD | BPF_W | BPF_ABS, arg0),
        jump(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1),
        statement(BPF_RET | BPF_K, allow),
        statement(BPF_RET | BPF_K, kill),
#ifdef SYS_fork
        jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_fork, 0, 1),
        statement(BPF_RET | BPF_K, kill),
#endif
#ifdef SYS_vfork
        jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_vfork, 0, 1),
        statement(BPF_RET | BPF_K, kill),
#endif
    };
    p.insert(p.end(), processes.begin(), processes.end());
  }
  p.push_back(statement(BPF_RET | BPF_K, allow));
  return p;
}


}  // namespace chaossim::grading
