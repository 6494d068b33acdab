// A C++ submission's build: compiled in the sandbox into the grader's
// private scratch, where nobody else can read it, and staged for each test
// into a folder only the test's sandbox can open.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tools/grading/compiler_output.hpp"
#include "tools/grading/submission.hpp"

using namespace chaossim::grading;
namespace fs = std::filesystem;

namespace {

struct Folders {
  fs::path root;
  Folders() {
    std::string pattern = (fs::temp_directory_path() / "submission-test-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
    fs::permissions(root, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    fs::create_directories(root / "student");
    fs::create_directories(root / "scratch");
    fs::permissions(root / "scratch", fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  }
  ~Folders() { fs::remove_all(root); }
};

Toolkit kit() {
  Toolkit t;
  t.headers = CHAOSSIM_SOURCE_DIR;
  t.host = "/usr/bin/true";  // staged, never run here
  return t;
}

fs::perms others(const fs::path& p) { return fs::status(p).permissions() & (fs::perms::group_all | fs::perms::others_all); }

}  // namespace

TEST_CASE("a compiled submission is readable by the grader alone, and each test's copy by its sandbox alone") {
  Folders f;
  fs::copy_file(fs::path(CHAOSSIM_SOURCE_DIR) / "tools/grading/starter/submission.cpp", f.root / "student" / "submission.cpp");
  const Submission s = prepare_submission(f.root / "student", std::nullopt, kit(), f.root / "scratch", SandboxLimits{});
  REQUIRE_FALSE(s.load_error.has_value());
  CHECK(others(f.root / "scratch" / "build") == fs::perms::none);
  CHECK(others(f.root / "scratch" / "build" / "submission.so") == fs::perms::none);
  CHECK_FALSE(fs::exists(f.root / "scratch" / "compile"));  // the compiler's folder is gone

  const fs::path workdir = f.root / "scratch" / "test-0";
  stage(s, workdir);
  CHECK(others(workdir) == fs::perms::none);
  CHECK(fs::exists(workdir / "submission.so"));
}

TEST_CASE("a C++ submission that includes a file outside its folder does not compile, and the message quotes nothing of it") {
  Folders f;
  std::ofstream(f.root / "secret.hpp") << "#error \"the secret is 4217\"\n";
  const std::string starter = [] {
    std::ifstream in(fs::path(CHAOSSIM_SOURCE_DIR) / "tools/grading/starter/submission.cpp");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  // The compiler works in scratch/compile/src: ../../../ is the folder above the scratch.
  for (const std::string& include : {std::string("/etc/passwd"), (f.root / "secret.hpp").string(), std::string("../../../secret.hpp")}) {
    INFO(include);
    fs::remove_all(f.root / "student");
    fs::create_directories(f.root / "student");
    std::ofstream(f.root / "student" / "submission.cpp") << "#include \"" << include << "\"\n" << starter;
    const Submission s = prepare_submission(f.root / "student", std::nullopt, kit(), f.root / "scratch", SandboxLimits{});
    REQUIRE(s.load_error.has_value());
    CHECK_THAT(*s.load_error, Catch::StartsWith("does not compile"));
    CHECK_THAT(*s.load_error, Catch::Contains(include));
    CHECK_THAT(*s.load_error, !Catch::Contains("root:x:0:0") && !Catch::Contains("4217"));
  }
}

TEST_CASE("compiler messages that quote a file outside the submission are replaced by a line naming it") {
  // g++'s output for #include "/etc/passwd" where nothing stopped the include.
  const std::string output = "In file included from src/submission.cpp:1:\n"
                             "/etc/passwd:1:5: error: found ':' in nested-name-specifier, expected '::'\n"
                             "    1 | root:x:0:0:root:/root:/bin/bash\n"
                             "      |     ^\n"
                             "/etc/passwd:1:1: error: 'root' does not name a type\n"
                             "    1 | root:x:0:0:root:/root:/bin/bash\n"
                             "      | ^~~~\n"
                             "src/submission.cpp:9:3: error: 'x' was not declared in this scope\n"
                             "    9 |   x = 1;\n"
                             "      |   ^\n";
  const std::string shown = without_foreign_files(output);
  CHECK_THAT(shown, !Catch::Contains("root"));
  CHECK_THAT(shown, Catch::Contains("/etc/passwd: [messages about this file are not shown"));
  CHECK_THAT(shown, Catch::Contains("In file included from src/submission.cpp:1:"));
  CHECK_THAT(shown, Catch::EndsWith("src/submission.cpp:9:3: error: 'x' was not declared in this scope\n"
                                    "    9 |   x = 1;\n"
                                    "      |   ^\n"));
  CHECK(without_foreign_files("src/a.cpp:1:1: error: e\n    1 | int\n") == "src/a.cpp:1:1: error: e\n    1 | int\n");
}
