// A snooping C++ submission: on its first decision it attempts what
// targets.hpp (written by the test) lists, then its parent's command line,
// and throws with what it got, so the grader's feedback carries the report.
// Each line: "PROBE kind:path -> result".
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "patterns/submission.hpp"
#include "targets.hpp"

namespace {

using namespace chaossim::patterns;

std::string denied() { return std::string("denied (") + strerrorname_np(errno) + ")"; }

std::string attempt(const std::string& kind, const std::string& path) {
  if (kind == "read") {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return denied();
    char bytes[61] = {};
    const ssize_t n = ::read(fd, bytes, 60);
    ::close(fd);
    return "allowed: " + std::string(bytes, n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  if (kind == "list") {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return denied();
    std::string names;
    for (dirent* e; (e = ::readdir(dir)) != nullptr;) names += std::string(" ") + e->d_name;
    ::closedir(dir);
    return "allowed:" + names;
  }
  if (kind == "write") {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return denied();
    (void)!::write(fd, "pwned", 5);
    ::close(fd);
    return "allowed";
  }
  if (kind == "glob") {
    glob_t found{};
    const int status = ::glob(path.c_str(), 0, nullptr, &found);
    std::string names;
    for (std::size_t i = 0; status == 0 && i < found.gl_pathc; ++i) names += std::string(" ") + found.gl_pathv[i];
    ::globfree(&found);
    return names.empty() ? "nothing found" : "allowed:" + names;
  }
  return "unknown kind";
}

std::string report() {
  std::string lines = "SNOOP REPORT";
  auto probe = [&](const std::string& target) {
    const auto colon = target.find(':');
    lines += "\nPROBE " + target + " -> " + attempt(target.substr(0, colon), target.substr(colon + 1));
  };
  for (const char* target : snoop_targets) probe(target);
  probe("read:/proc/" + std::to_string(::getppid()) + "/cmdline");
  return lines;
}

class Snoop final : public CircuitBreaker {
 public:
  bool try_acquire(double) override { throw std::runtime_error(report()); }
  void on_success(double, double) override {}
  void on_failure(double, double) override {}
  CircuitState state(double) override { return CircuitState::closed; }
};

class Patterns final : public PatternFactory {
 public:
  std::unique_ptr<CircuitBreaker> circuit_breaker(const CircuitBreakerConfig&) override { return std::make_unique<Snoop>(); }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
