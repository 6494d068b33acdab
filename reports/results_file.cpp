#include "reports/results_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "reports/results_json.hpp"
#include "scenarios/json_document.hpp"

namespace chaossim::reports {

nlohmann::ordered_json read_results_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResultsFileError(fmt::format("{}: error: cannot read it; expected the results directory of a `chaossim run`", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  // A results.json of many variants and replications is large, not deep.
  constexpr scenarios::DocumentLimits results_document{std::size_t{1} << 30, 64, "a results.json"};
  nlohmann::ordered_json doc;
  if (auto problem = scenarios::parse_document(text.str(), path.string(), results_document, doc))
    throw ResultsFileError(problem->format());
  if (!doc.is_object() || doc.value("schema", std::string()) != results_schema_id)
    throw ResultsFileError(fmt::format("{}: error: $.schema: expected \"{}\"", path.string(), results_schema_id));
  return doc;
}

}  // namespace chaossim::reports
