#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>
#include <thread>

#include "tools/grading/sandbox.hpp"

using namespace chaossim::grading;
namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path dir;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "sandbox-test-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  }
  ~Scratch() { fs::remove_all(dir); }
  fs::path workdir(const std::string& name) const {
    fs::create_directories(dir / name);
    return dir / name;
  }
};

// What `program` needs to run: the runtime and the program itself.
SandboxView view_for(const std::string& program) { return SandboxView::runtime().with(program); }

SandboxLimits quick(double wall_s = 10) {
  SandboxLimits limits;
  limits.cpu_s = 2;
  limits.wall_s = wall_s;
  return limits;
}

const std::string python = "/usr/bin/python3";

}  // namespace

TEST_CASE("a sandboxed process answers line by line and ends cleanly when its input closes") {
  Scratch scratch;
  SandboxedProcess cat({"/usr/bin/cat"}, scratch.workdir("w"), view_for("/usr/bin/cat"), quick());
  CHECK(cat.exchange("{\"op\":\"hello\"}") == std::optional<std::string>("{\"op\":\"hello\"}"));
  CHECK(cat.exchange("second") == std::optional<std::string>("second"));
  CHECK(cat.finish().clean());
}

TEST_CASE("the watchdog stops a process that keeps the grader waiting past the wall-clock limit") {
  Scratch scratch;
  SandboxedProcess sleeper({"/usr/bin/sleep", "30"}, scratch.workdir("w"), view_for("/usr/bin/sleep"), quick(0.5));
  CHECK_FALSE(sleeper.exchange("anything").has_value());
  CHECK(sleeper.termination().kind == Termination::Kind::wall_limit);
  CHECK_THAT(sleeper.termination().describe(quick(0.5)), Catch::Contains("kept the grader waiting for 0.5 s"));
}

TEST_CASE("the wall-clock limit counts only the grader's waits, not the time it spends elsewhere") {
  // A grader on a busy machine (or a sanitized one) may take long between two
  // requests: that time is not the submission's.
  Scratch scratch;
  SandboxedProcess cat({"/usr/bin/cat"}, scratch.workdir("w"), view_for("/usr/bin/cat"), quick(0.5));
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    CHECK(cat.exchange("line") == std::optional<std::string>("line"));
  }
  CHECK(cat.finish().clean());
}

TEST_CASE("a crash is reported by its signal, in words") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.processes = 8;  // sh runs kill as a builtin, but let it be
  SandboxedProcess crasher({"/usr/bin/sh", "-c", "kill -SEGV $$"}, scratch.workdir("w"), view_for("/usr/bin/sh"), limits);
  CHECK_FALSE(crasher.exchange("x").has_value());
  CHECK(crasher.termination().kind == Termination::Kind::signaled);
  CHECK(crasher.termination().code == SIGSEGV);
  CHECK_THAT(crasher.termination().describe(limits), Catch::StartsWith("was killed by SIGSEGV (a segmentation fault"));
}

TEST_CASE("the CPU-time limit stops a busy loop") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.cpu_s = 1;
  SandboxedProcess spinner({python, "-c", "while True: pass"}, scratch.workdir("w"), view_for(python), limits);
  CHECK_FALSE(spinner.exchange("x").has_value());
  CHECK(spinner.termination().kind == Termination::Kind::signaled);
  CHECK((spinner.termination().code == SIGXCPU || spinner.termination().code == SIGKILL));
}

TEST_CASE("the address-space limit makes a large allocation fail") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.memory_mib = 256;
  SandboxedProcess hog({python, "-c", "x = bytearray(1 << 30)"}, scratch.workdir("w"), view_for(python), limits);
  CHECK_FALSE(hog.exchange("x").has_value());
  CHECK(hog.termination().kind == Termination::Kind::exited);
  CHECK(hog.termination().code != 0);
  CHECK_THAT(hog.error_output(), Catch::Contains("MemoryError"));
}

TEST_CASE("a network socket and a new process are forbidden, and the process dies of SIGSYS") {
  Scratch scratch;
  SandboxedProcess network({python, "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)"},
                           scratch.workdir("n"), view_for(python), quick());
  CHECK_FALSE(network.exchange("x").has_value());
  REQUIRE(network.report().seccomp);  // Linux has had seccomp filters since 3.5
  CHECK(network.termination().kind == Termination::Kind::signaled);
  CHECK(network.termination().code == SIGSYS);

  SandboxedProcess local({python, "-c", "import socket; socket.socketpair(); print('fine')"}, scratch.workdir("l"),
                         view_for(python), quick());
  CHECK(local.exchange("x") == std::optional<std::string>("fine"));

  SandboxedProcess forker({python, "-c", "import os; os.fork()"}, scratch.workdir("f"), view_for(python), quick());
  CHECK_FALSE(forker.exchange("x").has_value());
  CHECK(forker.termination().code == SIGSYS);
  CHECK_THAT(forker.termination().describe(quick()), Catch::Contains("starting another process"));
}

TEST_CASE("error output keeps its head and tail, without the private folders' paths") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.output_kib = 1;
  const fs::path workdir = scratch.workdir("w");
  SandboxedProcess talker({python, "-c",
                           "import os, sys, tempfile; sys.stderr.write(os.getcwd() + '/student.py: first\\n' + "
                           "tempfile.gettempdir() + '/scratch.txt\\n' + 'x' * 5000 + '\\nlast\\n')"},
                          workdir, view_for(python), limits);
  talker.finish();
  const std::string errors = talker.error_output();
  CHECK_THAT(errors, Catch::StartsWith("student.py: first\nscratch.txt\n"));
  CHECK_THAT(errors, Catch::EndsWith("last\n"));
  CHECK_THAT(errors, Catch::Contains("bytes cut"));
  CHECK(errors.size() < 1200);
}
