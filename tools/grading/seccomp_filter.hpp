#pragma once
// The sandbox's seccomp filter, as a classic BPF program: kill the process on
// a socket of any family but AF_UNIX and, unless `allow_processes`, on a new
// process (threads stay allowed). It needs no privileges, so it holds
// wherever the grader runs, root or not.
#include <linux/filter.h>

#include <cstdint>
#include <vector>

namespace chaossim::grading {

std::vector<sock_filter> seccomp_program(bool allow_processes);

}  // namespace chaossim::grading
