// The sandbox's view of the files, tried by a process that attempts what a
// snooping submission would: read another student's folder, the grader's
// files, /etc and /proc; list /tmp and the scratch folder; write outside its
// own folder. Each mechanism is tried alone (Landlock; as root, the mount
// namespace) and together, as root and as nobody; and once with neither, so
// that the probe is seen to tell.
#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "tools/grading/landlock.hpp"
#include "tools/grading/sandbox.hpp"

using namespace chaossim::grading;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr uid_t nobody = 65534;

// Attempts each "kind:path" of its arguments when it reads a line, and
// answers with one JSON object: attempt -> "allowed" or the error's name.
constexpr const char* probe = R"(
import errno, json, os, sys
def attempt(kind, path):
    path = path.replace("$TMPDIR", os.environ.get("TMPDIR", "/nonexistent"))
    try:
        if kind == "read":
            with open(path, "rb") as f: f.read(1)
        elif kind == "list": os.listdir(path)
        elif kind == "write":
            with open(path, "w") as f: f.write("x")
        return "allowed"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))
sys.stdin.readline()
print(json.dumps({a: attempt(*a.split(":", 1)) for a in sys.argv[1:]}), flush=True)
)";

// Can this process make a mount namespace (root, with CAP_SYS_ADMIN: not in
// a default Docker container)? Asked of the kernel in a child, apart from
// the sandbox.
bool mount_namespaces_here() {
  if (!sandbox_is_privileged()) return false;
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child == 0) _exit(::unshare(CLONE_NEWNS) == 0 ? 0 : 1);
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Layout {
  fs::path scratch, workdir, other;
};

// A grader's scratch folder with this test's private folder and, beside it,
// another student's, all owned by `owner`.
Layout make_layout(uid_t owner) {
  std::string pattern = (fs::temp_directory_path() / "isolation-test-XXXXXX").string();
  Layout l;
  l.scratch = ::mkdtemp(pattern.data());
  fs::permissions(l.scratch, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  l.workdir = l.scratch / "test-0";
  l.other = l.scratch / "other-student";
  fs::create_directories(l.workdir);
  fs::create_directories(l.other);
  std::ofstream(l.workdir / "mine.txt") << "mine";
  std::ofstream(l.other / "secret.py") << "the other student's work";
  for (const auto& p : {l.scratch, l.workdir, l.other, l.workdir / "mine.txt", l.other / "secret.py"})
    (void)!::chown(p.c_str(), owner, owner);
  return l;
}

struct Outcome {
  json attempts;
  SandboxReport report;
};

Outcome run_probe(const Layout& l, bool landlock, bool mount_namespace, const std::vector<std::string>& attempts) {
  SandboxView view = SandboxView::runtime().with("/usr/bin/python3");
  view.landlock = landlock;
  view.mount_namespace = mount_namespace;
  std::vector<std::string> argv{"/usr/bin/python3", "-c", probe};
  argv.insert(argv.end(), attempts.begin(), attempts.end());
  SandboxLimits limits;
  limits.cpu_s = 5;
  SandboxedProcess process(argv, l.workdir, view, limits);
  const auto answer = process.exchange("go");
  Outcome o{answer ? json::parse(*answer) : json(process.error_output() + process.termination().describe(limits)), process.report()};
  process.finish();
  return o;
}

// run_probe in a child process that has become nobody first: the grader of
// a TA's laptop or a CI runner, without root.
Outcome run_probe_as_nobody(const Layout& l, const std::vector<std::string>& attempts) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::fflush(nullptr);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    std::string out = "{}";
    if (::setgid(nobody) == 0 && ::setuid(nobody) == 0) {
      const Outcome o = run_probe(l, true, true, attempts);
      out = json{{"attempts", o.attempts}, {"landlock", o.report.landlock_abi}, {"mount", o.report.mount_namespace},
                 {"own_uid", o.report.own_uid}}.dump();
    }
    (void)!::write(fds[1], out.data(), out.size());
    _exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char chunk[4096];
  for (ssize_t n; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) text.append(chunk, static_cast<std::size_t>(n));
  ::close(fds[0]);
  ::waitpid(child, nullptr, 0);
  const json j = json::parse(text);
  Outcome o;
  o.attempts = j.value("attempts", json());
  o.report.landlock_abi = j.value("landlock", 0);
  o.report.mount_namespace = j.value("mount", false);
  o.report.own_uid = j.value("own_uid", false);
  return o;
}

struct Attempts {
  std::vector<std::string> forbidden, allowed;
  std::vector<std::string> all() const {
    auto a = forbidden;
    a.insert(a.end(), allowed.begin(), allowed.end());
    return a;
  }
};

Attempts attempts_for(const Layout& l) {
  const std::string marker = std::to_string(::getpid());
  const fs::path self = fs::read_symlink("/proc/self/exe");
  return {{
              "read:" + (l.other / "secret.py").string(),  // another student's work
              "list:" + l.other.string(),
              "list:" + l.scratch.string(),                 // the grader's scratch folder
              "list:/tmp",                                  // other graders' scratch folders
              "read:/etc/passwd",
              "list:/etc",
              "read:/proc/" + marker + "/cmdline",           // how a snooper found the paths
              "read:" + self.string(),                      // the grader's own files
              "read:" + (self.parent_path().parent_path() / "CMakeCache.txt").string(),
              "read:" + (fs::path(CHAOSSIM_SOURCE_DIR) / "scenarios/grading/suite.json").string(),  // the hidden tests
              "write:/tmp/pwned-by-isolation-test-" + marker,
              "write:" + (l.other / "pwned").string(),
              "write:" + (l.scratch / "pwned").string(),
          },
          {
              "read:" + (l.workdir / "mine.txt").string(),
              "write:" + (l.workdir / "written.txt").string(),
              "write:$TMPDIR/scratch.txt",
              "read:/dev/urandom",
              "write:/dev/null",
          }};
}

void check_isolated(const Outcome& o, const Layout& l, const Attempts& a) {
  INFO(o.attempts.dump(1));
  REQUIRE(o.attempts.is_object());
  for (const auto& attempt : a.forbidden) {
    INFO(attempt);
    CHECK(o.attempts.at(attempt) != "allowed");
    // Each target is there to be reached (a mount namespace hides it: ENOENT inside).
    const fs::path target = attempt.substr(attempt.find(':') + 1);
    CHECK(fs::exists(attempt.starts_with("write:") ? target.parent_path() : target));
  }
  for (const auto& attempt : a.allowed) {
    INFO(attempt);
    CHECK(o.attempts.at(attempt) == "allowed");
  }
  CHECK_FALSE(fs::exists("/tmp/pwned-by-isolation-test-" + std::to_string(::getpid())));
  CHECK_FALSE(fs::exists(l.other / "pwned"));
  CHECK_FALSE(fs::exists(l.scratch / "pwned"));
}

struct Cleanup {
  const Layout& l;
  ~Cleanup() {
    std::error_code ignored;
    fs::remove_all(l.scratch, ignored);
    fs::remove("/tmp/pwned-by-isolation-test-" + std::to_string(::getpid()), ignored);
  }
};

}  // namespace

TEST_CASE("without isolation the probe reaches everything: it can tell isolation from its absence") {
  const Layout l = make_layout(::geteuid());
  Cleanup cleanup{l};
  const Attempts a = attempts_for(l);
  const Outcome o = run_probe(l, false, false, a.all());
  CHECK_FALSE(o.report.files_isolated());
  CHECK_THAT(o.report.isolation_warning(), Catch::Contains("cannot isolate"));
  REQUIRE(o.attempts.is_object());
  CHECK(o.attempts.at("read:" + (l.other / "secret.py").string()) == "allowed");
  CHECK(o.attempts.at("read:/etc/passwd") == "allowed");
  CHECK(o.attempts.at("list:/tmp") == "allowed");
}

TEST_CASE("Landlock alone keeps a process to its own folder, its temporary folder and its runtime") {
  if (landlock_abi() == 0) {
    WARN("this kernel offers no Landlock: not checked here");
    return;
  }
  const Layout l = make_layout(::geteuid());
  Cleanup cleanup{l};
  const Attempts a = attempts_for(l);
  const Outcome o = run_probe(l, true, false, a.all());
  CHECK(o.report.landlock_abi == landlock_abi());
  CHECK_FALSE(o.report.mount_namespace);
  check_isolated(o, l, a);
}

TEST_CASE("as root, a mount namespace alone keeps a process to its own folder, its temporary folder and its runtime") {
  if (!mount_namespaces_here()) {
    WARN("this process cannot make a mount namespace (not root, or no CAP_SYS_ADMIN): not checked here");
    return;
  }
  const Layout l = make_layout(0);
  Cleanup cleanup{l};
  const Attempts a = attempts_for(l);
  const Outcome o = run_probe(l, false, true, a.all());
  CHECK(o.report.mount_namespace);
  CHECK(o.report.landlock_abi == 0);
  check_isolated(o, l, a);
}

TEST_CASE("as root, both mechanisms together, and the process has a uid of its own") {
  if (!mount_namespaces_here() || landlock_abi() == 0) {
    WARN("needs a mount namespace and Landlock: not checked here");
    return;
  }
  const Layout l = make_layout(0);
  Cleanup cleanup{l};
  const Attempts a = attempts_for(l);
  const Outcome o = run_probe(l, true, true, a.all());
  CHECK(o.report.mount_namespace);
  CHECK(o.report.own_uid);
  CHECK(o.report.landlock_abi == landlock_abi());
  check_isolated(o, l, a);
}

TEST_CASE("as nobody, sharing the grader's uid, Landlock still keeps a process to its own folder") {
  if (!sandbox_is_privileged() || landlock_abi() == 0) {
    WARN("needs root (to become nobody) and Landlock: not checked here");
    return;
  }
  // Everything is nobody's, so only Landlock stands between the process and
  // the other student's files.
  const Layout l = make_layout(nobody);
  Cleanup cleanup{l};
  const Attempts a = attempts_for(l);
  const Outcome o = run_probe_as_nobody(l, a.all());
  CHECK_FALSE(o.report.own_uid);
  CHECK_FALSE(o.report.mount_namespace);
  CHECK(o.report.landlock_abi == landlock_abi());
  check_isolated(o, l, a);
}
