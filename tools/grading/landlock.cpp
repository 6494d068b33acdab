#include "tools/grading/landlock.hpp"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace chaossim::grading {
namespace {

// The kernel's ABI, which never changes once released (include/uapi/linux/landlock.h).
constexpr std::uint64_t fs_execute = 1ULL << 0, fs_write_file = 1ULL << 1, fs_read_file = 1ULL << 2, fs_read_dir = 1ULL << 3;
constexpr std::uint64_t fs_abi1 = (1ULL << 13) - 1;  // execute .. make_sym
constexpr std::uint64_t fs_refer = 1ULL << 13;       // ABI 2
constexpr std::uint64_t fs_truncate = 1ULL << 14;    // ABI 3
constexpr std::uint64_t fs_ioctl_dev = 1ULL << 15;   // ABI 5
constexpr std::uint64_t net_bind_tcp = 1ULL << 0, net_connect_tcp = 1ULL << 1;                 // ABI 4
constexpr std::uint64_t scope_abstract_unix_socket = 1ULL << 0, scope_signal = 1ULL << 1;      // ABI 6
// What a rule may grant on a file that is not a directory.
constexpr std::uint64_t file_rights = fs_execute | fs_write_file | fs_read_file | fs_truncate | fs_ioctl_dev;

// struct landlock_ruleset_attr as of ABI 6; older kernels read a prefix of it.
struct RulesetAttr {
  std::uint64_t handled_access_fs = 0;
  std::uint64_t handled_access_net = 0;
  std::uint64_t scoped = 0;
};

std::uint64_t handled_fs(int abi) {
  std::uint64_t handled = fs_abi1;
  if (abi >= 2) handled |= fs_refer;
  if (abi >= 3) handled |= fs_truncate;
  if (abi >= 5) handled |= fs_ioctl_dev;
  return handled;
}

}  // namespace

int landlock_abi() {
  const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi > 0 ? static_cast<int>(abi) : 0;
}

LandlockRules::LandlockRules(int abi) : abi_(abi), handled_fs_(abi > 0 ? handled_fs(abi) : 0) {}

void LandlockRules::allow(const std::filesystem::path& path, Access access) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) return;
  std::uint64_t rights = 0;
  switch (access) {
    case Access::read_only: rights = fs_execute | fs_read_file | fs_read_dir; break;
    case Access::read_write: rights = handled_fs_; break;
    case Access::device: rights = fs_read_file | fs_write_file | fs_truncate; break;
  }
  if (!std::filesystem::is_directory(status)) rights &= file_rights;
  rights &= handled_fs_;
  if (rights != 0) rules_.push_back({path.string(), rights});
}

bool LandlockRules::enforce() const noexcept {
  if (abi_ <= 0) return false;
  RulesetAttr attr;
  attr.handled_access_fs = handled_fs_;
  std::size_t size = sizeof attr.handled_access_fs;
  if (abi_ >= 4) {
    attr.handled_access_net = net_bind_tcp | net_connect_tcp;  // and no rule allows either
    size += sizeof attr.handled_access_net;
  }
  if (abi_ >= 6) {
    attr.scoped = scope_abstract_unix_socket | scope_signal;
    size += sizeof attr.scoped;
  }
  const int ruleset = static_cast<int>(::syscall(SYS_landlock_create_ruleset, &attr, size, 0));
  if (ruleset < 0) return false;
  bool ok = true;
  for (const Rule& rule : rules_) {
    const int fd = ::open(rule.path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) continue;  // not in this process's view of the files
    landlock_path_beneath_attr beneath{};
    beneath.allowed_access = rule.access;
    beneath.parent_fd = fd;
    ok = ::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) == 0;
    ::close(fd);
    if (!ok) break;
  }
  ok = ok && ::syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
  ::close(ruleset);
  return ok;
}

}  // namespace chaossim::grading
