#include "tools/grading/sandbox_view.hpp"

namespace chaossim::grading {

// /lib, /lib64 and /lib32 are symlinks into /usr on a merged-/usr system
// (Debian 12) and directories elsewhere; both ways they are listed, and a
// path that does not exist is skipped.
SandboxView SandboxView::runtime() {
  return {{"/usr/lib", "/usr/lib64", "/usr/lib32", "/lib", "/lib64", "/lib32", "/etc/ld.so.cache"}};
}

// The driver runs cc1plus, as and ld from /usr/bin and /usr/lib/gcc; the
// submission sees the patterns headers through its own folder, where the
// grader copied them.
SandboxView SandboxView::compiler() { return runtime().with("/usr/bin").with("/usr/include").with("/usr/libexec"); }

SandboxView SandboxView::with(std::filesystem::path path) const {
  SandboxView more = *this;
  more.readable.push_back(std::move(path));
  return more;
}

}  // namespace chaossim::grading
