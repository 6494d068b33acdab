// The process pool both the scenario tester and the class grader run their
// children in: frames in order per task, exits reported, failures stopping
// the rest, and a wall-clock limit for a child that never ends.
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/process_pool.hpp"

using namespace chaossim::sim;

TEST_CASE("every task runs in a child and its frames reach the parent in the order sent") {
  std::map<std::size_t, std::vector<std::string>> frames;
  std::vector<int> statuses(5, -1);
  ProcessPoolTasks tasks;
  tasks.count = 5;
  tasks.work = [](std::size_t i, const FrameSender& send) {
    send('A', std::to_string(i));
    send('B', std::string(100000, static_cast<char>('a' + i)));  // larger than one read
    send('C', std::to_string(::getpid()));
  };
  tasks.on_frame = [&](std::size_t i, char tag, std::string payload) { frames[i].push_back(std::string(1, tag) + payload); };
  tasks.on_exit = [&](std::size_t i, int status) { statuses[i] = status; };
  ProcessPool(2).run(tasks);
  for (std::size_t i = 0; i < 5; ++i) {
    REQUIRE(frames[i].size() == 3);
    CHECK(frames[i][0] == "A" + std::to_string(i));
    CHECK(frames[i][1] == "B" + std::string(100000, static_cast<char>('a' + i)));
    CHECK(frames[i][2] != "C" + std::to_string(::getpid()));  // not the parent's process
    CHECK(WIFEXITED(statuses[i]));
    CHECK(WEXITSTATUS(statuses[i]) == 0);
  }
}

TEST_CASE("a child killed by a signal reaches on_exit with it, and an exception there stops the pool") {
  ProcessPoolTasks tasks;
  tasks.count = 4;
  tasks.work = [](std::size_t i, const FrameSender&) {
    if (i == 0) ::kill(::getpid(), SIGKILL);  // not SIGSEGV: a sanitizer would catch that one
    ::sleep(30);  // the others would run long: the pool must end them
  };
  tasks.on_frame = [](std::size_t, char, std::string) {};
  int crashed_signal = 0;
  tasks.on_exit = [&](std::size_t, int status) {
    if (WIFSIGNALED(status)) crashed_signal = WTERMSIG(status);
    throw std::runtime_error("stop");
  };
  CHECK_THROWS_WITH(ProcessPool(2).run(tasks), "stop");
  CHECK(crashed_signal == SIGKILL);
  CHECK(describe_exit(SIGKILL) == "was killed by signal 9 (Killed)");
}

TEST_CASE("a child past the wall-clock limit is ended and on_timeout names its task") {
  ProcessPoolTasks tasks;
  tasks.count = 1;
  tasks.work = [](std::size_t, const FrameSender&) {
    for (;;) ::pause();
  };
  tasks.on_frame = [](std::size_t, char, std::string) {};
  tasks.on_exit = [](std::size_t, int) {};
  std::size_t late = 99;
  tasks.on_timeout = [&](std::size_t i) {
    late = i;
    throw std::runtime_error("late");
  };
  CHECK_THROWS_WITH(ProcessPool(1, {0.2, 0}).run(tasks), "late");
  CHECK(late == 0);
}
