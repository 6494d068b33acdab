#pragma once
// The chaossim binary as a user runs it: its exit code and what it printed.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

// Not in namespace chaossim: the tests call their helper chaossim(), as the command is named.
namespace cli {

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr
};

inline CliRun run(const std::string& args) {
  const std::string command = std::string(CHAOSSIM_BINARY) + " " + args + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), output};
}

}  // namespace cli
