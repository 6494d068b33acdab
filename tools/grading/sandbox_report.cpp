// How a sandboxed process ended and what the sandbox could put in place, in
// words for students and instructors; and the probe that finds the latter.
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "tools/grading/sandbox.hpp"
#include "tools/grading/submission_exit.hpp"

namespace chaossim::grading {
namespace fs = std::filesystem;
namespace {

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", signal);
}

}  // namespace

std::string SandboxReport::describe() const {
  std::string files = "files: not isolated";
  if (mount_namespace && landlock_abi > 0)
    files = fmt::format("files: own folder only (mount namespace and Landlock ABI {})", landlock_abi);
  else if (mount_namespace) files = "files: own folder only (mount namespace; no Landlock in this kernel)";
  else if (landlock_abi > 0) files = fmt::format("files: own folder only (Landlock ABI {})", landlock_abi);
  return fmt::format("sandbox: resource limits, CPU-time verdicts, private directory; {}; {}; {}; {}", files,
                     own_uid ? "own uid" : "grader's uid (not root)",
                     network_namespace ? "own network namespace" : "no network namespace (needs root)",
                     seccomp ? "seccomp (no sockets but AF_UNIX, no new processes)" : "no seccomp filter");
}

std::string SandboxReport::isolation_warning() const {
  if (files_isolated()) return {};
  return "WARNING: this machine cannot isolate submissions' files: its kernel offers no Landlock (Linux 5.13+, "
         "enabled among the LSMs and not filtered by a container) and the grader cannot make a mount namespace "
         "(it needs root with CAP_SYS_ADMIN). A submission can read other students' work and the suite's hidden "
         "tests. Grade elsewhere, or use --require-isolation to refuse.";
}

std::string Termination::describe(const SandboxLimits& limits) const {
  switch (kind) {
    case Kind::running: return "is still running";
    case Kind::wall_limit:
      return fmt::format("kept the grader waiting for {:g} s without answering (waiting for something that never comes, "
                         "or sleeping)", limits.wall_s);
    case Kind::memory_limit: return fmt::format("used more than its memory limit of {} MiB", limits.memory_mib);
    case Kind::exited:
      if (code == exit_out_of_memory) return fmt::format("ran out of memory (the limit is {} MiB)", limits.memory_mib);
      if (code == exit_cannot_load) return "could not be loaded";
      return fmt::format("exited with status {}", code);
    case Kind::signaled: break;
  }
  const std::string name = signal_name(code);
  switch (code) {
    case SIGSEGV: return fmt::format("was killed by {} (a segmentation fault: it read or wrote memory it does not own)", name);
    case SIGBUS: return fmt::format("was killed by {} (a bus error: an invalid memory access)", name);
    case SIGFPE: return fmt::format("was killed by {} (an arithmetic error, such as an integer division by zero)", name);
    case SIGILL: return fmt::format("was killed by {} (an illegal instruction)", name);
    case SIGABRT:
      return fmt::format("was killed by {} (it aborted: an uncaught exception, a failed assertion, or memory exhausted "
                         "under the {} MiB limit)", name, limits.memory_mib);
    case SIGXCPU: return fmt::format("was killed by {}: it used more than its CPU-time limit of {:g} s", name, limits.cpu_s);
    case SIGXFSZ: return fmt::format("was killed by {}: it wrote a file larger than {} MiB", name, limits.file_mib);
    case SIGSYS:
      return fmt::format("was killed by {}: it made a system call the sandbox forbids (opening a network connection, or "
                         "starting another process)", name);
    case SIGKILL:
      return fmt::format("was killed by {} (past its CPU-time limit of {:g} s, or the machine ran out of memory)", name,
                         limits.cpu_s);
    default: return fmt::format("was killed by {}", name);
  }
}

}  // namespace chaossim::grading

namespace chaossim::grading {

SandboxReport probe_sandbox() {
  std::string scratch = (fs::temp_directory_path() / "chaossim-probe-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) throw std::runtime_error("cannot create a scratch directory");
  ::chmod(scratch.c_str(), 0711);
  const fs::path workdir = fs::path(scratch) / "probe";
  fs::create_directories(workdir);
  const fs::path true_program = fs::canonical("/bin/true");
  SandboxReport report;
  {
    SandboxLimits limits;
    limits.wall_s = 10;
    SandboxedProcess probe({true_program.string()}, workdir, SandboxView::runtime().with(true_program), limits);
    probe.finish();
    report = probe.report();
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  return report;
}

}  // namespace chaossim::grading
