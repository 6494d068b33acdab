#pragma once
// A compiler's messages, as a student may see them. Where the compiler read
// a file that is not the student's (an #include of another student's file
// or of /etc/passwd, on a machine where the sandbox could not stop it), its
// messages quote that file: its lines, its tokens. Those messages are
// replaced by one line naming the file. The sandbox makes such an include
// fail in the first place; this keeps the feedback clean where it cannot.
#include <string>

namespace chaossim::grading {

// `output`: g++'s stderr, with the compile folder's path already taken out
// (the student's files are src/..., the kit's include/...). Messages located
// in those, or in the system's headers under /usr, are kept whole.
std::string without_foreign_files(const std::string& output);

}  // namespace chaossim::grading
