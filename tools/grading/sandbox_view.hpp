#pragma once
// What of the machine's files a sandboxed process may see. It always has its
// own folder and a private temporary folder (both writable) and /dev/null,
// /dev/zero and /dev/urandom; everything else must be listed here, and is
// then readable and runnable but never writable. What is not listed cannot
// be opened, listed or written: not the other submissions, not the suite,
// not the grader's scratch folders, not /etc, /proc or /tmp.
#include <filesystem>
#include <vector>

namespace chaossim::grading {

struct SandboxView {
  std::vector<std::filesystem::path> readable;
  // The mechanisms allowed to enforce it (sandbox.hpp): both, unless a test
  // checks one alone.
  bool landlock = true;
  bool mount_namespace = true;

  // What any dynamically linked program needs: the loader, the shared
  // libraries and their cache.
  static SandboxView runtime();
  // runtime() and what a compiler needs: its programs, its headers.
  static SandboxView compiler();
  SandboxView with(std::filesystem::path path) const;
};

}  // namespace chaossim::grading
