// A scenario's name names its default output folder, and never a path.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tools/output_folder.hpp"

using chaossim::tools::default_output_folder;
using chaossim::tools::safe_folder_name;
namespace fs = std::filesystem;

TEST_CASE("a name with separators or dots becomes one folder under out/") {
  CHECK(safe_folder_name("payment-partition") == "payment-partition");
  CHECK(safe_folder_name("../../../escaped") == "escaped");
  CHECK(safe_folder_name("payments/v2 (canary)") == "payments-v2-canary-");
  CHECK(safe_folder_name("..") == "scenario");
  CHECK(safe_folder_name("/") == "scenario");
  CHECK(safe_folder_name(".hidden") == "hidden");
  CHECK(safe_folder_name("café") == "caf-");
  CHECK(default_output_folder("../x", "-compare") == "out/x-compare");
}

TEST_CASE("a run of a scenario named ../../../escaped writes under out/ of the working directory") {
  std::string pattern = (fs::temp_directory_path() / "output-folder-XXXXXX").string();
  const fs::path dir = ::mkdtemp(pattern.data());
  const fs::path work = dir / "a" / "b" / "c";
  fs::create_directories(work);
  std::ofstream(work / "s.json") << R"({"schema": "chaossim/scenario/v1", "name": "../../../escaped", "duration": "2s",
    "services": [{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "10/s"}}]})";
  const std::string command = "cd " + work.string() + " && " + CHAOSSIM_BINARY + " run s.json --quiet > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  CHECK(fs::exists(work / "out" / "escaped" / "results.json"));
  CHECK_FALSE(fs::exists(dir / "escaped"));
  CHECK_FALSE(fs::exists(dir / "a" / "escaped"));
  CHECK_FALSE(fs::exists(work / "escaped"));
  fs::remove_all(dir);
}
