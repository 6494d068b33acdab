#pragma once
// ThreadSanitizer's reports, read from a concurrency test's stderr and
// trimmed to what a student needs: the kind of bug, and for each access
// (or lock) involved, the frames in the student's own files.
//
// The sandbox has no /proc, so TSan cannot name functions and lines itself;
// it prints module+offset pairs, which addr2line, run in the sandbox too,
// turns into names (an untrusted library's debug information is parsed
// nowhere else).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chaossim::grading {

struct TsanFrame {
  std::string module;  // as TSan prints it: "submission-tsan.so"
  std::uint64_t offset = 0;
};

struct TsanSection {
  std::string title;  // "read of size 4 by thread T2", the address left out
  std::vector<TsanFrame> frames;
};

struct TsanReport {
  std::string kind;  // "data race", "lock-order-inversion (potential deadlock)", ...
  std::vector<TsanSection> sections;
};

std::vector<TsanReport> parse_tsan_reports(std::string_view error_output);

// What addr2line -a -f -C -i says an address is: the function and its
// file:line, innermost first (inlined calls included).
struct SourcePlace {
  std::string function;
  std::string location;
};
using Symbols = std::map<std::uint64_t, std::vector<SourcePlace>>;
Symbols parse_addr2line(std::string_view output);

// The offsets in `module` that the reports need named.
std::vector<std::uint64_t> offsets_in(const std::vector<TsanReport>& reports, std::string_view module);

// For the student: each distinct report (at most `most`), its sections with
// their frames in the student's files ("Bulkhead::enter() at bulkhead.cpp:14").
std::string describe_tsan_reports(const std::vector<TsanReport>& reports, std::string_view module, const Symbols& symbols,
                                  std::size_t most = 3);

}  // namespace chaossim::grading
