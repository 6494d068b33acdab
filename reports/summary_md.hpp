#pragma once
// summary.md: the run's summary and tables in Markdown, for a pull request or
// an issue. Made from the results document alone, so that `chaossim report`
// rebuilds the same bytes from results.json.
#include <string>

#include <nlohmann/json.hpp>

namespace chaossim::reports {

std::string summary_md(const nlohmann::ordered_json& results);

}  // namespace chaossim::reports
