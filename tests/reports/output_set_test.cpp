// An output folder replaced as a whole, or left as it was.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "reports/output_set.hpp"

using namespace chaossim::reports;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path dir;
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "output-set-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  ~Folder() { fs::remove_all(dir); }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {})); }
};

std::string read(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("a published set replaces the previous one whole, and nothing is left beside it") {
  Folder f;
  const fs::path out = f.dir / "out";
  {
    OutputSet first(out);
    std::ofstream(first.staging() / "results.json") << "first";
    std::ofstream(first.staging() / "summary.md") << "first";
    first.publish();
  }
  {
    OutputSet second(out);
    std::ofstream(second.staging() / "results.json") << "second";
    second.publish();
  }
  CHECK(read(out / "results.json") == "second");
  CHECK_FALSE(fs::exists(out / "summary.md"));  // the previous set is gone whole
  CHECK(fs::exists(out / output_set_marker));
  CHECK(f.entries() == 1);
}

TEST_CASE("a set not published leaves the folder as it was, and its staging is removed") {
  Folder f;
  const fs::path out = f.dir / "out";
  fs::create_directories(out);
  std::ofstream(out / "results.json") << "before";  // an output folder from before sets had a marker
  {
    OutputSet abandoned(out);
    std::ofstream(abandoned.staging() / "results.json") << "half";
  }
  CHECK(read(out / "results.json") == "before");
  CHECK(f.entries() == 1);
}

TEST_CASE("a folder holding other files, a symbolic link or a file is refused before any work") {
  Folder f;
  fs::create_directories(f.dir / "notes");
  std::ofstream(f.dir / "notes" / "todo.txt") << "mine";
  CHECK_THROWS_WITH(OutputSet(f.dir / "notes"), Catch::Contains("holds files a chaossim command did not write (todo.txt)"));
  fs::create_directory_symlink(f.dir / "notes", f.dir / "link");
  CHECK_THROWS_WITH(OutputSet(f.dir / "link"), Catch::Contains("symbolic link"));
  std::ofstream(f.dir / "file") << "x";
  CHECK_THROWS_WITH(OutputSet(f.dir / "file"), Catch::Contains("not a folder"));
  CHECK(read(f.dir / "notes" / "todo.txt") == "mine");
}

TEST_CASE("a file named inside the folder is staged with the set, one outside stays where it is") {
  Folder f;
  OutputSet set(f.dir / "out");
  CHECK(set.place(f.dir / "out" / "slo-junit.xml") == set.staging() / "slo-junit.xml");
  CHECK(set.place(f.dir / "elsewhere.xml") == f.dir / "elsewhere.xml");
}
