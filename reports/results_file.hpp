#pragma once
// Reads a results.json that `report` or `compare` was pointed at: any bytes
// give the document or a ResultsFileError naming the file, the place and
// what was expected, never a crash.
#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace chaossim::reports {

class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The document, checked to be JSON of the results schema.
nlohmann::ordered_json read_results_file(const std::filesystem::path& path);
// The same from text already read; `name` names it in messages.
nlohmann::ordered_json parse_results_text(std::string_view text, const std::string& name);

}  // namespace chaossim::reports
