#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tools/grading/tsan_report.hpp"

using namespace chaossim::grading;

namespace {

bool says(const std::string& text, const std::string& words) { return text.find(words) != std::string::npos; }

std::string sandboxed_report() {
  std::ifstream in(std::string(CHAOSSIM_SOURCE_DIR) + "/tests/grading/data/tsan-sandboxed.txt");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What addr2line -a -f -C -i said of those offsets: inlined frames, the
// system's headers, and the student's files named relative to their folder.
const char* named = R"(0x000000000002f578
(anonymous namespace)::RacyBulkhead::try_enter(double)
././racy_bulkhead.cpp:15
0x000000000002f599
(anonymous namespace)::RacyBulkhead::try_enter(double)
././racy_bulkhead.cpp:16
std::vector<int, std::allocator<int> >::size() const
/usr/include/c++/12/bits/stl_vector.h:919
)";

}  // namespace

TEST_CASE("TSan's reports from the sandbox are read as their kind and their accesses' frames, where memory and threads came from left out") {
  const auto reports = parse_tsan_reports(sandboxed_report());
  REQUIRE(reports.size() == 2);
  CHECK(reports[0].kind == "data race");
  REQUIRE(reports[0].sections.size() == 2);
  CHECK(reports[0].sections[0].title == "read of size 4 by thread T1");
  CHECK(reports[0].sections[1].title == "previous write of size 4 by thread T3");
  REQUIRE(reports[0].sections[0].frames.size() == 5);
  CHECK(reports[0].sections[0].frames[0].module == "submission-tsan.so");
  CHECK(reports[0].sections[0].frames[0].offset == 0x2f578);
  CHECK(offsets_in(reports, "submission-tsan.so") == std::vector<std::uint64_t>{0x2f578, 0x2f599});
}

TEST_CASE("addr2line's answer is read per address, inlined frames innermost first") {
  const Symbols symbols = parse_addr2line(named);
  REQUIRE(symbols.size() == 2);
  REQUIRE(symbols.at(0x2f599).size() == 2);
  CHECK(symbols.at(0x2f599)[0].function == "(anonymous namespace)::RacyBulkhead::try_enter(double)");
  CHECK(symbols.at(0x2f599)[1].location == "/usr/include/c++/12/bits/stl_vector.h:919");
}

TEST_CASE("the student sees each distinct race once, with the lines of their own files and not the system's") {
  const auto reports = parse_tsan_reports(sandboxed_report());
  const std::string text = describe_tsan_reports(reports, "submission-tsan.so", parse_addr2line(named));
  CHECK(text.starts_with("ThreadSanitizer found 1 problem in your code:"));  // the second report is the same race
  CHECK(says(text, "read of size 4 by thread T1:\n    (anonymous namespace)::RacyBulkhead::try_enter(double) at racy_bulkhead.cpp:15"));
  CHECK(says(text, "at racy_bulkhead.cpp:16"));
  CHECK_FALSE(says(text, "stl_vector.h"));
  CHECK_FALSE(says(text, "0x7b04"));  // addresses change from run to run
  CHECK_FALSE(says(text, "heap block"));
}

TEST_CASE("a lock-order inversion is reported with the places each mutex was taken") {
  const char* inversion = R"(==================
WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=7)
  Cycle in lock order graph: M0 (0x7b0c00000000) => M1 (0x7b0c00000028) => M0

  Mutex M1 acquired here while holding mutex M0 in thread T1:
    #0 <null> <null> (libtsan.so.2+0x1)
    #1 <null> <null> (submission-tsan.so+0x10)

  Mutex M0 previously acquired by the same thread here:
    #0 <null> <null> (submission-tsan.so+0x20)

  Mutex M0 acquired here while holding mutex M1 in thread T2:
    #0 <null> <null> (submission-tsan.so+0x30)

SUMMARY: ThreadSanitizer: lock-order-inversion (potential deadlock) (submission-tsan.so+0x10)
==================
)";
  const auto reports = parse_tsan_reports(inversion);
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].kind == "lock-order-inversion (potential deadlock)");
  REQUIRE(reports[0].sections.size() == 3);
  CHECK(reports[0].sections[0].title == "mutex M1 acquired here while holding mutex M0 in thread T1");
  const Symbols symbols{{0x10, {{"Account::transfer()", "account.cpp:9"}}}, {0x30, {{"Account::refund()", "account.cpp:21"}}}};
  const std::string text = describe_tsan_reports(reports, "submission-tsan.so", symbols);
  CHECK(says(text, "Account::transfer() at account.cpp:9"));
  CHECK(says(text, "Account::refund() at account.cpp:21"));
  CHECK(says(text, "(not in your files)"));  // 0x20 was not named
}

TEST_CASE("output without a TSan report describes nothing") {
  CHECK(parse_tsan_reports("Traceback: something else\n").empty());
  CHECK(describe_tsan_reports({}, "submission-tsan.so", {}).empty());
}
