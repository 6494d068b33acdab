#include "sim/scenario_tester.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "sim/simulation.hpp"

namespace chaossim::sim {
namespace {

// Frames a child writes to its pipe: a tag, a length, the payload.
enum Tag : char { progress_tag = 'P', result_tag = 'R', note_tag = 'N', error_tag = 'E' };

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);  // the parent is gone
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void write_frame(int fd, Tag tag, const std::string& payload) {
  std::string frame(1, tag);
  const std::uint64_t size = payload.size();
  frame.append(reinterpret_cast<const char*>(&size), sizeof size);
  frame += payload;
  write_all(fd, frame.data(), frame.size());
}

struct Task {
  const scenarios::Scenario* scenario;
  std::size_t scenario_index;
  int replication;
};

[[noreturn]] void child_main(int fd, const Task& task, std::uint64_t seed, bool report_progress, const PatternSourceMaker& maker) {
  try {
    ProgressFn progress;
    if (report_progress)
      progress = [fd](double t) { write_frame(fd, progress_tag, std::string(reinterpret_cast<const char*>(&t), sizeof t)); };
    const auto source = maker ? maker(*task.scenario, task.replication) : nullptr;
    const auto result = simulate(*task.scenario, task.replication, replication_seed(seed, task.replication), progress,
                                 source ? &source->factory() : nullptr);
    if (source) write_frame(fd, note_tag, source->finish());
    write_frame(fd, result_tag, encode(result));
  } catch (const std::exception& e) {
    write_frame(fd, error_tag, e.what());
  }
  ::close(fd);
  _exit(0);  // skip static destructors: the parent owns the process's resources
}

struct Child {
  std::size_t task = 0;
  int fd = -1;
  std::chrono::steady_clock::time_point started;
  std::string buffer;
  bool has_result = false;
  std::string error;
  double simulated_s = 0;
};

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) return fmt::format("was killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  return fmt::format("exited with status {}", WEXITSTATUS(status));
}

}  // namespace

std::vector<std::vector<ReplicationResult>> ResilienceScenarioTester::run(
    const std::vector<const scenarios::Scenario*>& scenarios, int replications, std::uint64_t seed) {
  std::vector<Task> tasks;
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    for (int r = 0; r < replications; ++r) tasks.push_back({scenarios[s], s, r});
  std::vector<std::vector<ReplicationResult>> results(scenarios.size(), std::vector<ReplicationResult>(replications));
  notes_.assign(scenarios.size(), std::vector<std::string>(maker_ ? replications : 0));

  std::map<pid_t, Child> running;
  std::size_t next = 0, done = 0;
  const auto kill_all = [&] {
    for (auto& [pid, child] : running) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      ::close(child.fd);
    }
  };
  TesterProgress state{0, tasks.size(), 0, scenarios.empty() ? 0 : scenarios.front()->duration_s};

  while (done < tasks.size()) {
    while (next < tasks.size() && static_cast<int>(running.size()) < jobs_) {
      int fds[2];
      if (::pipe(fds) != 0) {
        kill_all();
        throw RunFailed(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
      }
      const pid_t pid = ::fork();
      if (pid < 0) {
        kill_all();
        throw RunFailed(fmt::format("cannot fork a simulation process: {}", std::strerror(errno)));
      }
      if (pid == 0) {
        ::close(fds[0]);
        for (auto& [other, child] : running) ::close(child.fd);
        child_main(fds[1], tasks[next], seed, static_cast<bool>(listener_), maker_);
      }
      ::close(fds[1]);
      running[pid] = Child{next, fds[0], std::chrono::steady_clock::now(), {}, false, {}, 0};
      ++next;
    }

    std::vector<pollfd> polls;
    std::vector<pid_t> pids;
    for (auto& [pid, child] : running) {
      polls.push_back({child.fd, POLLIN, 0});
      pids.push_back(pid);
    }
    // With a wall-clock limit, wake up in time to enforce it.
    if (::poll(polls.data(), polls.size(), wall_limit_s_ > 0 ? 100 : -1) < 0 && errno != EINTR) {
      kill_all();
      throw RunFailed(fmt::format("poll failed: {}", std::strerror(errno)));
    }
    if (wall_limit_s_ > 0)
      for (const auto& [pid, child] : running)
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - child.started).count() > wall_limit_s_) {
          const Task task = tasks[child.task];
          kill_all();
          throw RunTimedOut(fmt::format("replication {} of variant \"{}\" did not finish within {:g} s", task.replication,
                                        task.scenario->variant, wall_limit_s_));
        }
    for (std::size_t i = 0; i < polls.size(); ++i) {
      if (polls[i].revents == 0) continue;
      Child& child = running[pids[i]];
      char chunk[65536];
      const ssize_t n = ::read(child.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        child.buffer.append(chunk, static_cast<std::size_t>(n));
        // Consume every complete frame.
        while (child.buffer.size() >= 1 + sizeof(std::uint64_t)) {
          std::uint64_t size;
          std::memcpy(&size, child.buffer.data() + 1, sizeof size);
          if (child.buffer.size() < 1 + sizeof size + size) break;
          const char tag = child.buffer[0];
          std::string payload = child.buffer.substr(1 + sizeof size, size);
          child.buffer.erase(0, 1 + sizeof size + size);
          const Task& task = tasks[child.task];
          if (tag == progress_tag) {
            std::memcpy(&child.simulated_s, payload.data(), sizeof(double));
          } else if (tag == note_tag) {
            notes_[task.scenario_index][task.replication] = payload;
          } else if (tag == result_tag) {
            results[task.scenario_index][task.replication] = decode(payload);
            child.has_result = true;
          } else {
            child.error = payload;
          }
        }
        if (listener_) {
          state.simulated_s = 0;
          for (auto& [pid, c] : running) state.simulated_s = std::max(state.simulated_s, c.simulated_s);
          listener_(state);
        }
        continue;
      }
      // End of file: the child is done, one way or another.
      int status = 0;
      ::waitpid(pids[i], &status, 0);
      ::close(child.fd);
      const Task task = tasks[child.task];
      const bool ok = child.has_result && WIFEXITED(status) && WEXITSTATUS(status) == 0;
      const std::string error = child.error;
      running.erase(pids[i]);
      if (!ok) {
        kill_all();
        const std::string what = !error.empty() ? error : "the simulation process " + describe_status(status);
        throw RunFailed(fmt::format("replication {} of variant \"{}\" failed: {}", task.replication, task.scenario->variant, what));
      }
      ++done;
      state.runs_done = done;
      if (listener_) listener_(state);
    }
  }
  return results;
}

}  // namespace chaossim::sim
