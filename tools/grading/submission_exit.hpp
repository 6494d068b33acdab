#pragma once
// Exit statuses by which a submission's process tells the grader why it
// stopped, when it still can. chaossim-host and the Python helper use them;
// PROTOCOL.md lists them for other languages.
namespace chaossim::grading {

inline constexpr int exit_out_of_memory = 90;   // an allocation failed under the memory limit
inline constexpr int exit_cannot_load = 91;     // the submission could not be loaded (library, module, syntax)

}  // namespace chaossim::grading
