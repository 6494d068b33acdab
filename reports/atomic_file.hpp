#pragma once
#include <string>

namespace chaossim::reports {

// Writes `content` to `path` through a temporary file in the same directory and
// a rename, so readers see the old file or the whole new one, never a part.
// Creates missing parent directories. Throws std::runtime_error on failure.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace chaossim::reports
