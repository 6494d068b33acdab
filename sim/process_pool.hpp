#pragma once
// Runs tasks in child processes, up to `jobs` at once, and hands what each
// child sends to the parent as it comes. SimGrid allows one engine per
// process, so every replication runs in a child of its own; the grader runs
// each submission of a class in one too, so that a crash costs one grade.
//
// A child speaks in frames (a tag byte, a length, the payload) over a pipe;
// the parent reads them as they arrive, so a long task can report progress.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace chaossim::sim {

class ProcessPoolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a child sends with: one frame per call. If the parent is gone, the
// child exits at once.
using FrameSender = std::function<void(char tag, const std::string& payload)>;

struct ProcessPoolTasks {
  std::size_t count = 0;
  // In the parent, just before task `task`'s child is forked (optional): what
  // it needs is made then, not for every task up front.
  std::function<void(std::size_t task)> before_start;
  // In the child: does task `task`. Returning ends the child with status 0
  // (without static destructors: the parent owns the process's resources).
  std::function<void(std::size_t task, const FrameSender& send)> work;
  // In the parent: a frame from task `task`'s child, in the order sent.
  std::function<void(std::size_t task, char tag, std::string payload)> on_frame;
  // In the parent: task `task`'s child has ended, with waitpid()'s status,
  // after its last frame. May throw: the pool then ends the other children and
  // lets the exception through.
  std::function<void(std::size_t task, int status)> on_exit;
  // In the parent: task `task` ran past the wall-clock limit. Should throw;
  // the pool has ended every child already.
  std::function<void(std::size_t task)> on_timeout;
  // In the parent, often: true to stop now (the user interrupted). The pool
  // ends every child and throws ProcessPoolInterrupted.
  std::function<bool()> stop_requested;
};

// A child grew past TaskLimits::memory_bytes; every child has been ended.
class ProcessPoolOutOfMemory : public ProcessPoolError {
 public:
  ProcessPoolOutOfMemory(std::size_t task, double resident_bytes, double limit_bytes);
  std::size_t task;
  double resident_bytes, limit_bytes;
};

class ProcessPoolInterrupted : public ProcessPoolError {
 public:
  using ProcessPoolError::ProcessPoolError;
};

// Per task, 0 for none. CPU time is the child's own (RLIMIT_CPU: it dies of
// SIGXCPU, and on_exit sees it): unlike the wall clock, a busy machine does
// not move it.
struct TaskLimits {
  double wall_s = 0;
  double cpu_s = 0;
  double memory_bytes = 0;  // resident memory, checked as the pool waits: the child is killed past it
};

class ProcessPool {
 public:
  explicit ProcessPool(int jobs, TaskLimits limits = {}) : jobs_(jobs < 1 ? 1 : jobs), limits_(limits) {}

  // Runs every task, in order of their index as slots free up. Throws
  // ProcessPoolError when a pipe, fork or poll fails, or what a handler threw.
  void run(const ProcessPoolTasks& tasks);

 private:
  int jobs_;
  TaskLimits limits_;
};

// "exited with status 3", "was killed by signal 9 (Killed)".
std::string describe_exit(int status);

}  // namespace chaossim::sim
