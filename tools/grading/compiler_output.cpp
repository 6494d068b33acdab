#include "tools/grading/compiler_output.hpp"

#include <sstream>
#include <vector>

#include <fmt/format.h>

namespace chaossim::grading {
namespace {

bool ours(const std::string& path) {
  return path.starts_with("src/") || path.starts_with("include/") || path.starts_with("/usr/") || path == "<command-line>" ||
         path == "cc1plus" || path.starts_with("/usr/bin/ld");
}

// The file a message is located in: "PATH:LINE:COL: ..." or
// "In file included from PATH:LINE[,:]"; empty when the line names none.
std::string located_in(const std::string& line) {
  std::string rest = line;
  for (const char* prefix : {"In file included from ", "                 from "})
    if (rest.starts_with(prefix)) rest = rest.substr(std::string(prefix).size());
  if (rest.empty() || rest[0] == ' ') return {};
  const auto colon = rest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= rest.size() || !std::isdigit(static_cast<unsigned char>(rest[colon + 1])))
    return {};
  return rest.substr(0, colon);
}

}  // namespace

std::string without_foreign_files(const std::string& output) {
  std::istringstream in(output);
  std::string result;
  std::string hidden;  // the foreign file whose message is being left out
  for (std::string line; std::getline(in, line);) {
    const std::string file = located_in(line);
    if (!file.empty()) {
      if (ours(file)) {
        hidden.clear();
      } else {
        if (file != hidden)
          result += fmt::format("{}: [messages about this file are not shown: it is not a file of your submission]\n", file);
        hidden = file;
        continue;
      }
    } else if (!hidden.empty() && (line.starts_with(" ") || line.empty())) {
      continue;  // the quoted lines and carets of a hidden message
    } else {
      hidden.clear();
    }
    result += line + "\n";
  }
  return result;
}

}  // namespace chaossim::grading
