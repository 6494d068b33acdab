#include "tools/grading/sandbox.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "tools/grading/seccomp_filter.hpp"
#include "tools/grading/submission_exit.hpp"

namespace chaossim::grading {
namespace {

// Far above any uid a distribution hands out. A process's sandboxes take
// base + its pid: processes grading in parallel (a class's workers, another
// grader) never share a uid, so one's sweep cannot kill another's sandbox.
constexpr uid_t sandbox_uid_base = 2'000'000'000;

// Flags the child sends up before exec.
enum Applied : std::uint8_t { applied_uid = 1, applied_netns = 2, applied_seccomp = 4 };

void set_limit(int resource, rlim_t soft, rlim_t hard) {
  const rlimit limit{soft, hard};
  ::setrlimit(resource, &limit);
}

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", signal);
}

}  // namespace

bool sandbox_is_privileged() { return ::geteuid() == 0; }

std::string SandboxReport::describe() const {
  return fmt::format("sandbox: resource limits, watchdog, private directory; {}; {}; {}",
                     own_uid ? "own uid" : "grader's uid (not root)",
                     network_namespace ? "own network namespace" : "no network namespace (needs root)",
                     seccomp ? "seccomp (no sockets but AF_UNIX, no new processes)" : "no seccomp filter");
}

std::string Termination::describe(const SandboxLimits& limits) const {
  switch (kind) {
    case Kind::running: return "is still running";
    case Kind::wall_limit:
      return fmt::format("did not answer within the time limit of {:g} s (an endless loop, or waiting for something that never comes)",
                         limits.wall_s);
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

SandboxedProcess::SandboxedProcess(const std::vector<std::string>& argv, const std::filesystem::path& workdir,
                                   const SandboxLimits& limits, Clock::time_point deadline)
    : limits_(limits), deadline_(deadline), workdir_(workdir) {
  namespace fs = std::filesystem;
  if (argv.empty()) throw std::invalid_argument("nothing to run");
  // Writing to a submission that died must fail with EPIPE, not kill the
  // process that hosts the sandbox (the child restores the default).
  ::signal(SIGPIPE, SIG_IGN);
  const bool privileged = sandbox_is_privileged();
  if (privileged) {
    uid_ = sandbox_uid_base + static_cast<uid_t>(::getpid());
    ::chown(workdir.c_str(), uid_, uid_);
    for (const auto& entry : fs::recursive_directory_iterator(workdir)) ::lchown(entry.path().c_str(), uid_, uid_);
    ::chmod(workdir.c_str(), 0700);
  }
  stderr_path_ = workdir.parent_path() / (workdir.filename().string() + ".stderr");
  const int error_fd = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int in[2], out[2], status[2];
  if (error_fd < 0 || ::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(status, O_CLOEXEC) != 0)
    throw std::runtime_error(fmt::format("cannot prepare a sandboxed process: {}", std::strerror(errno)));

  // Everything the child needs is built before fork: after it, only
  // async-signal-safe calls.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::vector<std::string> env_strings{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + workdir.string(),
                                             "TMPDIR=" + workdir.string(), "LANG=C.UTF-8", "PYTHONHASHSEED=0",
                                             "PYTHONDONTWRITEBYTECODE=1"};
  std::vector<char*> env;
  for (const auto& e : env_strings) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  const auto program = seccomp_program(limits.processes > 1);
  const sock_fprog filter{static_cast<unsigned short>(program.size()), const_cast<sock_filter*>(program.data())};
  const auto cpu = static_cast<rlim_t>(limits.cpu_s + 0.999);
  const rlim_t memory = static_cast<rlim_t>(limits.memory_mib) << 20;
  const rlim_t file = static_cast<rlim_t>(limits.file_mib) << 20;
  const uid_t uid = uid_;

  std::fflush(nullptr);  // a child must never write the grader's buffered output again
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error(fmt::format("cannot fork a sandboxed process: {}", std::strerror(errno)));
  if (pid_ == 0) {
    ::setsid();
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(error_fd, STDERR_FILENO);
    ::dup2(status[1], 3);
    ::fcntl(3, F_SETFD, FD_CLOEXEC);
    ::close_range(4, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int s : {SIGPIPE, SIGXCPU, SIGXFSZ, SIGSYS, SIGINT, SIGTERM, SIGCHLD}) ::signal(s, SIG_DFL);
    if (::chdir(workdir.c_str()) != 0) _exit(127);
    set_limit(RLIMIT_CPU, cpu, cpu + 1);
    set_limit(RLIMIT_AS, memory, memory);
    set_limit(RLIMIT_FSIZE, file, file);
    set_limit(RLIMIT_NOFILE, 64, 64);
    set_limit(RLIMIT_CORE, 0, 0);
    std::uint8_t applied = 0;
    if (uid != 0) {
      // Counted per uid: with a uid of its own, the limit is this process tree's.
      set_limit(RLIMIT_NPROC, static_cast<rlim_t>(limits.processes), static_cast<rlim_t>(limits.processes));
      if (::unshare(CLONE_NEWNET) == 0) applied |= applied_netns;
      if (::setgroups(0, nullptr) == 0 && ::setgid(uid) == 0 && ::setuid(uid) == 0) applied |= applied_uid;
    }
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) == 0)
      applied |= applied_seccomp;
    (void)!::write(3, &applied, 1);
    ::execve(args[0], args.data(), env.data());
    const int error = errno;
    (void)!::write(3, &error, sizeof error);
    _exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(status[1]);
  ::close(error_fd);
  to_child_ = in[1];
  from_child_ = out[0];
  std::uint8_t applied = 0;
  int exec_error = 0;
  if (::read(status[0], &applied, 1) == 1) {
    report_.own_uid = applied & applied_uid;
    report_.network_namespace = applied & applied_netns;
    report_.seccomp = applied & applied_seccomp;
  }
  const bool exec_failed = ::read(status[0], &exec_error, sizeof exec_error) == sizeof exec_error;
  ::close(status[0]);
  if (exec_failed) {
    reap(true);
    throw std::runtime_error(fmt::format("cannot run {}: {}", argv[0], std::strerror(exec_error)));
  }
}

SandboxedProcess::~SandboxedProcess() {
  kill();
  std::error_code ignored;
  std::filesystem::remove(stderr_path_, ignored);
}

std::optional<std::string> SandboxedProcess::exchange(const std::string& line) {
  if (pid_ < 0) return std::nullopt;
  const std::string text = line + "\n";
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::write(to_child_, text.data() + sent, text.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // EPIPE: it is gone
      reap(true);
      return std::nullopt;
    }
    sent += static_cast<std::size_t>(n);
  }
  constexpr std::size_t longest_answer = 1 << 20;
  for (;;) {
    if (const auto newline = pending_.find('\n'); newline != std::string::npos || pending_.size() > longest_answer) {
      const std::size_t end = newline == std::string::npos ? pending_.size() : newline;
      std::string answer = pending_.substr(0, end);
      pending_.erase(0, std::min(pending_.size(), end + 1));
      return answer;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    if (left <= 0) {
      kill();
      termination_ = {Termination::Kind::wall_limit, 0};
      return std::nullopt;
    }
    pollfd p{from_child_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) {
      kill();
      return std::nullopt;
    }
    if (ready <= 0) continue;
    char chunk[65536];
    const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      reap(true);
      return std::nullopt;
    }
    pending_.append(chunk, static_cast<std::size_t>(n));
  }
}

const Termination& SandboxedProcess::finish() {
  if (pid_ < 0) return termination_;
  ::close(to_child_);
  to_child_ = -1;
  while (pid_ >= 0 && Clock::now() < deadline_) {
    reap(false);
    if (pid_ >= 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (pid_ >= 0) {
    kill();
    termination_ = {Termination::Kind::wall_limit, 0};
  }
  return termination_;
}

void SandboxedProcess::reap(bool wait) {
  if (pid_ < 0) return;
  int status = 0;
  // A process that closed its output may still be running: give it until the deadline.
  for (;;) {
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (done < 0 && errno != EINTR) {
      pid_ = -1;
      return;
    }
    if (!wait) return;
    if (Clock::now() >= deadline_) {
      kill();
      termination_ = {Termination::Kind::wall_limit, 0};
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (WIFSIGNALED(status)) termination_ = {Termination::Kind::signaled, WTERMSIG(status)};
  else termination_ = {Termination::Kind::exited, WEXITSTATUS(status)};
  ::kill(-pid_, SIGKILL);  // whatever it left in its group
  pid_ = -1;
  sweep();
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
  to_child_ = from_child_ = -1;
}

void SandboxedProcess::kill() {
  if (pid_ >= 0) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    if (termination_.kind == Termination::Kind::running) {
      if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL) termination_ = {Termination::Kind::signaled, WTERMSIG(status)};
      else if (WIFEXITED(status)) termination_ = {Termination::Kind::exited, WEXITSTATUS(status)};
    }
    pid_ = -1;
    sweep();
  }
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
  to_child_ = from_child_ = -1;
}

// Processes that left the group (setsid) still have the sandbox's uid: a
// process of that uid sends SIGKILL to every process it may signal.
void SandboxedProcess::sweep() {
  if (uid_ == 0 || !report_.own_uid) return;
  std::fflush(nullptr);
  const pid_t sweeper = ::fork();
  if (sweeper == 0) {
    if (::setuid(uid_) == 0) ::kill(-1, SIGKILL);
    _exit(0);
  }
  if (sweeper > 0)
    while (::waitpid(sweeper, nullptr, 0) < 0 && errno == EINTR) {
    }
}

std::string SandboxedProcess::error_output() const {
  std::ifstream in(stderr_path_, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  const std::string private_dir = workdir_.string() + "/";
  for (auto at = text.find(private_dir); at != std::string::npos; at = text.find(private_dir, at)) text.erase(at, private_dir.size());
  const std::size_t keep = limits_.output_kib * 1024;
  if (text.size() <= keep) return text;
  const std::size_t head = keep / 4, tail = keep - head;
  return fmt::format("{}\n[... {} bytes cut ...]\n{}", text.substr(0, head), text.size() - keep, text.substr(text.size() - tail));
}

}  // namespace chaossim::grading

namespace chaossim::grading {

SandboxReport probe_sandbox(const std::filesystem::path& scratch) {
  const auto workdir = scratch / "probe";
  std::filesystem::create_directories(workdir);
  SandboxLimits limits;
  SandboxReport report;
  {
    SandboxedProcess probe({"/bin/true"}, workdir, limits, SandboxedProcess::Clock::now() + std::chrono::seconds(10));
    probe.finish();
    report = probe.report();
  }
  std::error_code ignored;
  std::filesystem::remove_all(workdir, ignored);
  return report;
}

}  // namespace chaossim::grading
