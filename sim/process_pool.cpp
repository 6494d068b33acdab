#include "sim/process_pool.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <vector>

#include <fmt/format.h>

namespace chaossim::sim {
namespace {

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);  // the parent is gone
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void write_frame(int fd, char tag, const std::string& payload) {
  std::string frame(1, tag);
  const std::uint64_t size = payload.size();
  frame.append(reinterpret_cast<const char*>(&size), sizeof size);
  frame += payload;
  write_all(fd, frame.data(), frame.size());
}

struct Child {
  std::size_t task = 0;
  int fd = -1;      // its pipe, until the end of file
  int pidfd = -1;   // after it: readable once the process has exited
  std::chrono::steady_clock::time_point started;
  std::string buffer;
  bool exiting() const { return fd < 0; }
};

// A file descriptor that becomes readable when `pid` exits (Linux 5.3+), or -1.
int exit_watch(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

class Running {
 public:
  ~Running() { kill_all(); }

  // Ends every child still running: on an error, a timeout, or an exception.
  void kill_all() {
    for (auto& [pid, child] : children_) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      if (child.fd >= 0) ::close(child.fd);
      if (child.pidfd >= 0) ::close(child.pidfd);
    }
    children_.clear();
  }

  std::map<pid_t, Child>& children() { return children_; }

 private:
  std::map<pid_t, Child> children_;
};

[[noreturn]] void child_main(int fd, std::size_t task, const ProcessPoolTasks& tasks) {
  try {
    tasks.work(task, [fd](char tag, const std::string& payload) { write_frame(fd, tag, payload); });
  } catch (...) {
    _exit(4);  // the work's own errors are its frames to send; this is a bug
  }
  ::close(fd);
  _exit(0);
}

// Forks the child of `task`, which keeps only its own pipe's end.
void start_child(std::size_t task, const ProcessPoolTasks& tasks, const TaskLimits& limits, std::map<pid_t, Child>& children) {
  if (tasks.before_start) tasks.before_start(task);
  int fds[2];
  if (::pipe(fds) != 0) throw ProcessPoolError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  std::fflush(nullptr);  // or the child would write the parent's buffered output again
  const pid_t pid = ::fork();
  if (pid < 0) throw ProcessPoolError(fmt::format("cannot fork a process: {}", std::strerror(errno)));
  if (pid == 0) {
    if (limits.cpu_s > 0) {
      const auto seconds = static_cast<rlim_t>(std::ceil(limits.cpu_s));
      const rlimit cpu{seconds, seconds + 1};
      ::setrlimit(RLIMIT_CPU, &cpu);
    }
    ::close(fds[0]);
    for (auto& [other, child] : children) {
      if (child.fd >= 0) ::close(child.fd);
      if (child.pidfd >= 0) ::close(child.pidfd);
    }
    child_main(fds[1], task, tasks);
  }
  ::close(fds[1]);
  children[pid] = Child{task, fds[0], -1, std::chrono::steady_clock::now(), {}};
}

// What `pid` holds in memory now (its resident set), from /proc.
double resident_bytes(pid_t pid) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  double size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

// Hands every complete frame in `child.buffer` to on_frame.
void consume_frames(Child& child, const ProcessPoolTasks& tasks) {
  while (child.buffer.size() >= 1 + sizeof(std::uint64_t)) {
    std::uint64_t size;
    std::memcpy(&size, child.buffer.data() + 1, sizeof size);
    if (child.buffer.size() < 1 + sizeof size + size) break;
    const char tag = child.buffer[0];
    std::string payload = child.buffer.substr(1 + sizeof size, size);
    child.buffer.erase(0, 1 + sizeof size + size);
    tasks.on_frame(child.task, tag, std::move(payload));
  }
}

}  // namespace

ProcessPoolOutOfMemory::ProcessPoolOutOfMemory(std::size_t task, double resident, double limit)
    : ProcessPoolError(fmt::format("task {} used {:.0f} MiB of memory, more than its {:.0f} MiB", task, resident / (1 << 20),
                                   limit / (1 << 20))),
      task(task),
      resident_bytes(resident),
      limit_bytes(limit) {}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) return fmt::format("was killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  return fmt::format("exited with status {}", WEXITSTATUS(status));
}

void ProcessPool::run(const ProcessPoolTasks& tasks) {
  Running running;
  auto& children = running.children();
  std::size_t next = 0, done = 0;
  std::chrono::steady_clock::time_point last_memory_check{};
  // A child whose output has ended still has its exit ahead, which takes the
  // kernel a while for a large address space (milliseconds in a VM): its slot
  // goes to the next task meanwhile, and its exit is collected when it comes.
  const auto working = [&] {
    int n = 0;
    for (const auto& [pid, child] : children) n += child.exiting() ? 0 : 1;
    return n;
  };
  const auto finish = [&](pid_t pid, int status) {
    Child& child = children[pid];
    if (child.pidfd >= 0) ::close(child.pidfd);
    const std::size_t task = child.task;
    children.erase(pid);
    ++done;
    tasks.on_exit(task, status);  // may throw: `running` ends the others
  };
  while (done < tasks.count) {
    for (int slots = jobs_ - working(); next < tasks.count && slots > 0; --slots) start_child(next++, tasks, limits_, children);

    std::vector<pollfd> polls;
    std::vector<pid_t> pids;
    for (auto& [pid, child] : children) {
      polls.push_back({child.exiting() ? child.pidfd : child.fd, POLLIN, 0});
      pids.push_back(pid);
    }
    // With a wall-clock limit or a way to be stopped, wake up in time to
    // enforce it (a signal also ends the wait, with EINTR).
    const bool timed = limits_.wall_s > 0 || limits_.memory_bytes > 0 || tasks.stop_requested;
    if (::poll(polls.data(), polls.size(), timed ? 100 : -1) < 0 && errno != EINTR)
      throw ProcessPoolError(fmt::format("poll failed: {}", std::strerror(errno)));
    if (tasks.stop_requested && tasks.stop_requested()) {
      running.kill_all();
      throw ProcessPoolInterrupted("interrupted");
    }
    // /proc is read ten times a second at most: a child sending frames fast
    // would otherwise have it read at every one.
    const auto now = std::chrono::steady_clock::now();
    const bool memory_due = limits_.memory_bytes > 0 && now - last_memory_check >= std::chrono::milliseconds(100);
    if (memory_due) last_memory_check = now;
    if (memory_due)
      for (const auto& [pid, child] : children)
        if (const double rss = child.exiting() ? 0 : resident_bytes(pid); rss > limits_.memory_bytes) {
          const std::size_t task = child.task;
          running.kill_all();
          throw ProcessPoolOutOfMemory(task, rss, limits_.memory_bytes);
        }
    if (limits_.wall_s > 0)
      for (const auto& [pid, child] : children)
        if (!child.exiting() && std::chrono::duration<double>(std::chrono::steady_clock::now() - child.started).count() > limits_.wall_s) {
          const std::size_t late = child.task;
          running.kill_all();
          tasks.on_timeout(late);
          throw ProcessPoolError(fmt::format("task {} ran past the {:g} s limit", late, limits_.wall_s));
        }
    for (std::size_t i = 0; i < polls.size(); ++i) {
      if (polls[i].revents == 0) continue;
      Child& child = children[pids[i]];
      int status = 0;
      if (child.exiting()) {  // its exit has come
        ::waitpid(pids[i], &status, 0);
        finish(pids[i], status);
        continue;
      }
      char chunk[65536];
      const ssize_t n = ::read(child.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        child.buffer.append(chunk, static_cast<std::size_t>(n));
        consume_frames(child, tasks);
        continue;
      }
      // End of file: the child is done, one way or another.
      ::close(child.fd);
      child.fd = -1;
      if (::waitpid(pids[i], &status, WNOHANG) == pids[i]) {
        finish(pids[i], status);
      } else if ((child.pidfd = exit_watch(pids[i])) < 0) {
        ::waitpid(pids[i], &status, 0);  // no pidfd here: wait for it
        finish(pids[i], status);
      }
    }
  }
}

}  // namespace chaossim::sim
