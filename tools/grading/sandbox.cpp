#include "tools/grading/sandbox.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "tools/grading/sandbox_child.hpp"
#include "tools/grading/seccomp_filter.hpp"
#include "tools/grading/submission_exit.hpp"

namespace chaossim::grading {
namespace fs = std::filesystem;
namespace {

// Far above any uid a distribution hands out. A process's sandboxes take
// base + its pid: processes grading in parallel (a class's workers, another
// grader) never share a uid, so one's sweep cannot kill another's sandbox.
constexpr uid_t sandbox_uid_base = 2'000'000'000;

// Devices every program may use, whatever its view.
constexpr const char* devices[] = {"/dev/null", "/dev/zero", "/dev/urandom"};

void make_private_folder(const fs::path& dir, uid_t owner) {
  fs::create_directories(dir);
  if (owner != 0) ::chown(dir.c_str(), owner, owner);
  ::chmod(dir.c_str(), 0700);
}

}  // namespace

bool sandbox_is_privileged() { return ::geteuid() == 0; }

// Its own temporary folder beside `workdir` (the sandbox uid's, as root)
// and, as root with a mount namespace, an empty directory of the grader's
// to build its root on; neither readable by anyone else.
void SandboxedProcess::prepare_folders(const SandboxView& view) {
  if (sandbox_is_privileged()) {
    uid_ = sandbox_uid_base + static_cast<uid_t>(::getpid());
    ::chown(workdir_.c_str(), uid_, uid_);
    for (const auto& entry : fs::recursive_directory_iterator(workdir_)) ::lchown(entry.path().c_str(), uid_, uid_);
  }
  ::chmod(workdir_.c_str(), 0700);
  tmp_ = workdir_.parent_path() / (workdir_.filename().string() + ".tmp");
  make_private_folder(tmp_, uid_);
  if (sandbox_is_privileged() && view.mount_namespace) {
    root_ = workdir_.parent_path() / (workdir_.filename().string() + ".root");
    make_private_folder(root_, 0);
  }
}

namespace {

ChildPlan plan_child(const std::vector<std::string>& argv, const fs::path& workdir, const fs::path& tmp, const fs::path& root,
                     const SandboxView& view, const SandboxLimits& limits, uid_t uid) {
  ChildPlan plan;
  plan.arg_strings = argv;
  plan.env_strings = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + workdir.string(), "TMPDIR=" + tmp.string(),
                      "LANG=C.UTF-8", "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1"};
  plan.workdir = workdir.string();
  plan.cpu_s = static_cast<rlim_t>(limits.cpu_s + 0.999);
  plan.memory_bytes = limits.watch_resident ? RLIM_INFINITY : static_cast<rlim_t>(limits.memory_mib) << 20;
  plan.file_bytes = static_cast<rlim_t>(limits.file_mib) << 20;
  plan.processes = static_cast<rlim_t>(limits.processes) * static_cast<rlim_t>(std::max(1, limits.threads));
  plan.uid = uid;
  plan.seccomp = seccomp_program(limits.processes > 1);
  if (!root.empty()) {
    MinimalRoot& r = plan.root.emplace(root);
    for (const auto& path : view.readable) r.bind(path, false);
    for (const char* device : devices) r.bind_device(device);
    r.bind(workdir, true);
    r.bind(tmp, true);
  }
  if (const int abi = view.landlock ? landlock_abi() : 0; abi > 0) {
    LandlockRules& rules = plan.landlock.emplace(abi);
    for (const auto& path : view.readable) rules.allow(path, LandlockRules::Access::read_only);
    for (const char* device : devices) rules.allow(device, LandlockRules::Access::device);
    rules.allow(workdir, LandlockRules::Access::read_write);
    rules.allow(tmp, LandlockRules::Access::read_write);
  }
  return plan;
}

}  // namespace

SandboxedProcess::SandboxedProcess(const std::vector<std::string>& argv, const fs::path& workdir, const SandboxView& view,
                                   const SandboxLimits& limits)
    : limits_(limits), workdir_(workdir) {
  if (argv.empty()) throw std::invalid_argument("nothing to run");
  // Writing to a submission that died must fail with EPIPE, not kill the
  // process that hosts the sandbox (the child restores the default).
  ::signal(SIGPIPE, SIG_IGN);
  prepare_folders(view);
  stderr_path_ = workdir.parent_path() / (workdir.filename().string() + ".stderr");
  const int error_fd = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int in[2], out[2], status[2];
  if (error_fd < 0 || ::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(status, O_CLOEXEC) != 0)
    throw std::runtime_error(fmt::format("cannot prepare a sandboxed process: {}", std::strerror(errno)));
  ChildPlan plan = plan_child(argv, workdir, tmp_, root_, view, limits, uid_);
  plan.stdin_fd = in[0];
  plan.stdout_fd = out[1];
  plan.stderr_fd = error_fd;
  plan.status_fd = status[1];

  std::fflush(nullptr);  // a child must never write the grader's buffered output again
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error(fmt::format("cannot fork a sandboxed process: {}", std::strerror(errno)));
  if (pid_ == 0) run_child(plan);
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
    report_.mount_namespace = applied & applied_mount_namespace;
    report_.landlock_abi = (applied & applied_landlock) && plan.landlock ? plan.landlock->abi() : 0;
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
  fs::remove(stderr_path_, ignored);
  fs::remove_all(tmp_, ignored);
  if (!root_.empty()) fs::remove(root_, ignored);
}

std::chrono::milliseconds SandboxedProcess::wait_left() const {
  const auto limit = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limits_.wall_s));
  return std::chrono::duration_cast<std::chrono::milliseconds>(limit - waited_);
}

void SandboxedProcess::stop_at_wait_limit() {
  kill();
  termination_ = {Termination::Kind::wall_limit, 0};
}

bool SandboxedProcess::stopped_for_memory() {
  if (!limits_.watch_resident || pid_ < 0) return false;
  std::ifstream statm(fmt::format("/proc/{}/statm", pid_));
  std::size_t size_pages = 0, resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return false;
  if (resident_pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)) <= limits_.memory_mib << 20) return false;
  kill();
  termination_ = {Termination::Kind::memory_limit, 0};
  return true;
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
    const auto left = wait_left().count();
    if (left <= 0) {
      stop_at_wait_limit();
      return std::nullopt;
    }
    pollfd p{from_child_, POLLIN, 0};
    const auto start = Clock::now();
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, limits_.watch_resident ? 20 : 1000)));
    waited_since(start);
    if (stopped_for_memory()) return std::nullopt;
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
  reap(true);
  return termination_;
}

std::string SandboxedProcess::output_to_end(std::size_t longest) {
  std::string out = std::exchange(pending_, {});
  if (to_child_ >= 0) ::close(to_child_);
  to_child_ = -1;
  while (pid_ >= 0 && out.size() < longest) {
    const auto left = wait_left().count();
    if (left <= 0) {
      stop_at_wait_limit();
      break;
    }
    pollfd p{from_child_, POLLIN, 0};
    const auto start = Clock::now();
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    waited_since(start);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char chunk[65536];
    const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  if (out.size() >= longest) kill();
  reap(true);
  return out;
}

void SandboxedProcess::reap(bool wait) {
  if (pid_ < 0) return;
  int status = 0;
  // A process that closed its output may still be running: give it what is
  // left of its wait.
  for (;;) {
    rusage usage{};
    const pid_t done = ::wait4(pid_, &status, WNOHANG, &usage);
    if (done == pid_) peak_rss_kib_ = static_cast<std::size_t>(usage.ru_maxrss);
    if (done == pid_) break;
    if (done < 0 && errno != EINTR) {
      pid_ = -1;
      return;
    }
    if (!wait) return;
    if (wait_left().count() <= 0) {
      stop_at_wait_limit();
      return;
    }
    if (stopped_for_memory()) return;
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    waited_since(start);
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
    rusage usage{};
    while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    peak_rss_kib_ = static_cast<std::size_t>(usage.ru_maxrss);
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
  for (const auto& dir : {workdir_, tmp_}) {
    const std::string prefix = dir.string() + "/";
    for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) text.erase(at, prefix.size());
  }
  const std::size_t keep = limits_.output_kib * 1024;
  if (text.size() <= keep) return text;
  const std::size_t head = keep / 4, tail = keep - head;
  return fmt::format("{}\n[... {} bytes cut ...]\n{}", text.substr(0, head), text.size() - keep, text.substr(text.size() - tail));
}

}  // namespace chaossim::grading
