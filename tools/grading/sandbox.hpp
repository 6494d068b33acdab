#pragma once
// The sandbox a submission's processes run in. The grader never runs a
// student's code itself: it starts a child that, before exec, takes
//   - resource limits (setrlimit): CPU time, address space, file size, open
//     files, no core dumps, and a process count;
//   - a new session, so the grader can kill the whole process group;
//   - its view of the files (sandbox_view.hpp): its own folder, a private
//     temporary folder and, read-only, what its runtime needs. Two kernel
//     mechanisms enforce it, each alone enough: Landlock, which needs no
//     privileges, and, as root, a mount namespace whose root holds nothing
//     else (minimal_root.hpp);
//   - as root: a network namespace of its own (no interfaces but a down
//     loopback) and an unprivileged uid of its own, so the process count is
//     counted for it alone and everything it left running can be swept;
//   - a seccomp filter, which works without privileges: the process is killed
//     (SIGSYS) if it opens a socket other than AF_UNIX or, unless allowed,
//     starts another process;
//   - a clean environment.
// Its stdin/stdout are pipes to the grader; its stderr goes to a file the
// grader reads back, capped in size.
//
// Verdicts must not depend on how busy the grader's machine is: a process is
// stopped by its CPU time (RLIMIT_CPU), and the wall clock is only a safety
// net for one that sleeps, counted while the grader waits for it and never
// while the grader is simulating.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tools/grading/sandbox_view.hpp"

namespace chaossim::grading {

struct SandboxLimits {
  double cpu_s = 10;          // per process
  // How long, in all, the grader waits for one process's answers and its end
  // before it stops it: for a process that waits for nothing (a busy one
  // meets cpu_s first). Generous, so that a slow machine costs no points.
  double wall_s = 40;
  std::size_t memory_mib = 512;
  // memory_mib bounds the resident set, which the grader watches while it
  // waits, instead of the address space (RLIMIT_AS): for ThreadSanitizer,
  // which reserves terabytes of address space for its shadow memory.
  bool watch_resident = false;
  std::size_t file_mib = 16;  // the largest file, stderr included
  int processes = 1;          // 1: the process may not start another
  int threads = 1;            // threads each process may run (the kernel counts them as processes)
  std::size_t output_kib = 16;  // how much of stderr the feedback keeps
};

// How a sandboxed process ended, in words for a student.
struct Termination {
  enum class Kind { running, exited, signaled, wall_limit, memory_limit } kind = Kind::running;
  int code = 0;  // exit status, or the signal
  std::string describe(const SandboxLimits& limits) const;
  bool clean() const { return kind == Kind::exited && code == 0; }
};

// What the sandbox could put in place on this machine; graders print it.
struct SandboxReport {
  bool own_uid = false;
  bool network_namespace = false;
  bool seccomp = false;
  bool mount_namespace = false;
  int landlock_abi = 0;  // 0: Landlock not in force
  // Can a submission read only what its view allows?
  bool files_isolated() const { return mount_namespace || landlock_abi > 0; }
  std::string describe() const;
  // For the console, results.json and feedback when files_isolated() is
  // false; empty otherwise.
  std::string isolation_warning() const;
};

class SandboxedProcess {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts argv[0] (an absolute path) in `workdir`, which the caller created
  // and filled, seeing no more of the machine than `view`. As root, the
  // sandbox hands it to a uid of this process's own.
  SandboxedProcess(const std::vector<std::string>& argv, const std::filesystem::path& workdir, const SandboxView& view,
                   const SandboxLimits& limits);
  ~SandboxedProcess();
  SandboxedProcess(const SandboxedProcess&) = delete;
  SandboxedProcess& operator=(const SandboxedProcess&) = delete;

  // Sends one line and waits for one line back. nullopt when the process
  // ended, closed its output or used up the wait: then it has been stopped
  // and termination() says why.
  std::optional<std::string> exchange(const std::string& line);
  // Closes its stdin and waits for it to end (within what is left of the wait).
  const Termination& finish();
  // Closes its stdin and returns all it writes until it ends (at most
  // `longest` bytes): for a tool rather than a conversation.
  std::string output_to_end(std::size_t longest = std::size_t{4} << 20);
  // Stops it now, and everything it started.
  void kill();

  const Termination& termination() const { return termination_; }
  // The most memory it held at once (its peak resident set), once it has ended.
  std::size_t peak_rss_kib() const { return peak_rss_kib_; }
  // Its stderr, cut to limits.output_kib (head and tail kept), with the
  // private folders' paths taken out: feedback must not change from run to run.
  std::string error_output() const;
  const SandboxReport& report() const { return report_; }

 private:
  void prepare_folders(const SandboxView& view);
  void reap(bool wait);
  void sweep();
  // The wall-clock safety net, spent only while waiting for the process.
  std::chrono::milliseconds wait_left() const;
  void waited_since(Clock::time_point start) { waited_ += Clock::now() - start; }
  void stop_at_wait_limit();
  // With limits.watch_resident: stops it, and says so, once its resident set is past the limit.
  bool stopped_for_memory();

  SandboxLimits limits_;
  Clock::duration waited_{};
  pid_t pid_ = -1;
  uid_t uid_ = 0;
  int to_child_ = -1, from_child_ = -1;
  std::filesystem::path workdir_;
  std::filesystem::path tmp_;   // its private temporary folder
  std::filesystem::path root_;  // where its minimal root is mounted, in its namespace only
  std::filesystem::path stderr_path_;
  std::string pending_;  // read past the last line
  Termination termination_;
  std::size_t peak_rss_kib_ = 0;
  SandboxReport report_;
};

// Is the grader running as root (so the sandbox can change uid and namespaces)?
bool sandbox_is_privileged();

}  // namespace chaossim::grading

namespace chaossim::grading {
// What the sandbox can put in place here, found by starting /bin/true in it.
SandboxReport probe_sandbox();
}  // namespace chaossim::grading
