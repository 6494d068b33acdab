#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>

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

SandboxedProcess::Clock::time_point in(double seconds) {
  return SandboxedProcess::Clock::now() +
         std::chrono::duration_cast<SandboxedProcess::Clock::duration>(std::chrono::duration<double>(seconds));
}

SandboxLimits quick() {
  SandboxLimits limits;
  limits.cpu_s = 2;
  limits.wall_s = 2;
  return limits;
}

}  // namespace

TEST_CASE("a sandboxed process answers line by line and ends cleanly when its input closes") {
  Scratch scratch;
  SandboxedProcess cat({"/bin/cat"}, scratch.workdir("w"), quick(), in(5));
  CHECK(cat.exchange("{\"op\":\"hello\"}") == std::optional<std::string>("{\"op\":\"hello\"}"));
  CHECK(cat.exchange("second") == std::optional<std::string>("second"));
  CHECK(cat.finish().clean());
}

TEST_CASE("the watchdog stops a process that does not answer by the deadline") {
  Scratch scratch;
  const auto started = SandboxedProcess::Clock::now();
  SandboxedProcess sleeper({"/bin/sleep", "30"}, scratch.workdir("w"), quick(), in(0.5));
  CHECK_FALSE(sleeper.exchange("anything").has_value());
  CHECK(sleeper.termination().kind == Termination::Kind::wall_limit);
  CHECK(SandboxedProcess::Clock::now() - started < std::chrono::seconds(5));
  CHECK_THAT(sleeper.termination().describe(quick()), Catch::Contains("did not answer within the time limit of 2 s"));
}

TEST_CASE("a crash is reported by its signal, in words") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.processes = 8;  // sh runs kill as a builtin, but let it be
  SandboxedProcess crasher({"/bin/sh", "-c", "kill -SEGV $$"}, scratch.workdir("w"), limits, in(5));
  CHECK_FALSE(crasher.exchange("x").has_value());
  CHECK(crasher.termination().kind == Termination::Kind::signaled);
  CHECK(crasher.termination().code == SIGSEGV);
  CHECK_THAT(crasher.termination().describe(limits), Catch::StartsWith("was killed by SIGSEGV (a segmentation fault"));
}

TEST_CASE("the CPU-time limit stops a busy loop") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.cpu_s = 1;
  limits.wall_s = 10;
  SandboxedProcess spinner({"/usr/bin/python3", "-c", "while True: pass"}, scratch.workdir("w"), limits, in(10));
  CHECK_FALSE(spinner.exchange("x").has_value());
  CHECK(spinner.termination().kind == Termination::Kind::signaled);
  CHECK((spinner.termination().code == SIGXCPU || spinner.termination().code == SIGKILL));
}

TEST_CASE("the address-space limit makes a large allocation fail") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.memory_mib = 256;
  SandboxedProcess hog({"/usr/bin/python3", "-c", "x = bytearray(1 << 30)"}, scratch.workdir("w"), limits, in(10));
  CHECK_FALSE(hog.exchange("x").has_value());
  CHECK(hog.termination().kind == Termination::Kind::exited);
  CHECK(hog.termination().code != 0);
  CHECK_THAT(hog.error_output(), Catch::Contains("MemoryError"));
}

TEST_CASE("a network socket and a new process are forbidden, and the process dies of SIGSYS") {
  Scratch scratch;
  SandboxedProcess network({"/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)"},
                           scratch.workdir("n"), quick(), in(10));
  CHECK_FALSE(network.exchange("x").has_value());
  REQUIRE(network.report().seccomp);  // Linux has had seccomp filters since 3.5
  CHECK(network.termination().kind == Termination::Kind::signaled);
  CHECK(network.termination().code == SIGSYS);

  SandboxedProcess local({"/usr/bin/python3", "-c", "import socket; socket.socketpair(); print('fine')"}, scratch.workdir("l"),
                         quick(), in(10));
  CHECK(local.exchange("x") == std::optional<std::string>("fine"));

  SandboxedProcess forker({"/usr/bin/python3", "-c", "import os; os.fork()"}, scratch.workdir("f"), quick(), in(10));
  CHECK_FALSE(forker.exchange("x").has_value());
  CHECK(forker.termination().code == SIGSYS);
  CHECK_THAT(forker.termination().describe(quick()), Catch::Contains("starting another process"));
}

TEST_CASE("error output keeps its head and tail, without the private directory's path") {
  Scratch scratch;
  SandboxLimits limits = quick();
  limits.output_kib = 1;
  const fs::path workdir = scratch.workdir("w");
  SandboxedProcess talker({"/usr/bin/python3", "-c",
                           "import os, sys; sys.stderr.write(os.getcwd() + '/student.py: first\\n' + 'x' * 5000 + '\\nlast\\n')"},
                          workdir, limits, in(10));
  talker.finish();
  const std::string errors = talker.error_output();
  CHECK_THAT(errors, Catch::StartsWith("student.py: first"));
  CHECK_THAT(errors, Catch::EndsWith("last\n"));
  CHECK_THAT(errors, Catch::Contains("bytes cut"));
  CHECK(errors.size() < 1200);
}
