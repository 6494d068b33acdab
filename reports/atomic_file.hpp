#pragma once
#include <cstdio>
#include <string>
#include <string_view>

namespace chaossim::reports {

// A file written through a temporary file in the same directory and a
// rename, so readers see the old file or the whole new one, never a part;
// written piece by piece, so that a large one never sits whole in memory.
// Creates missing parent directories. Throws std::runtime_error on failure;
// dropped before commit(), it leaves nothing.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view text);
  void commit();  // flushes to disk and renames into place

 private:
  [[noreturn]] void fail(const std::string& what);
  std::string path_, temporary_;
  std::FILE* file_ = nullptr;
};

void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace chaossim::reports
