#include "reports/results_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "reports/results_json.hpp"
#include "scenarios/json_document.hpp"

namespace chaossim::reports {

namespace {

// What report and compare read of a variant's results, so that a document
// missing it is refused up front rather than rendered as empty pages.
std::string shape_problem(const nlohmann::ordered_json& v, const std::string& at) {
  const auto is = [&](const char* key, bool (nlohmann::ordered_json::*test)() const noexcept) {
    return v.contains(key) && (v[key].*test)();
  };
  if (!v.is_object()) return fmt::format("{}: expected an object of results", at);
  if (!is("scenario", &nlohmann::ordered_json::is_string)) return fmt::format("{}.scenario: expected a string", at);
  if (!is("replications", &nlohmann::ordered_json::is_number_unsigned) || v["replications"].get<std::uint64_t>() == 0)
    return fmt::format("{}.replications: expected a count of 1 or more", at);
  for (const char* key : {"duration_s", "warmup_s", "bucket_s"})
    if (!is(key, &nlohmann::ordered_json::is_number)) return fmt::format("{}.{}: expected a number", at, key);
  for (const char* key : {"clients", "services"})
    if (!is(key, &nlohmann::ordered_json::is_object)) return fmt::format("{}.{}: expected an object", at, key);
  return {};
}

}  // namespace

nlohmann::ordered_json read_results_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResultsFileError(fmt::format("{}: error: cannot read it; expected the results directory of a `chaossim run`", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_results_text(text.str(), path.string());
}

nlohmann::ordered_json parse_results_text(std::string_view text, const std::string& name) {
  // A results.json of many variants and replications is large, not deep.
  constexpr scenarios::DocumentLimits results_document{std::size_t{1} << 30, 64, "a results.json"};
  nlohmann::ordered_json doc;
  if (auto problem = scenarios::parse_document(text, name, results_document, doc)) throw ResultsFileError(problem->format());
  if (!doc.is_object() || doc.value("schema", std::string()) != results_schema_id)
    throw ResultsFileError(fmt::format("{}: error: $.schema: expected \"{}\"", name, results_schema_id));
  std::string problem;
  if (doc.contains("variants")) {
    const auto& variants = doc["variants"];
    if (!variants.is_object() || variants.empty())
      problem = "$.variants: expected one results object per variant, found none";
    for (auto it = variants.begin(); problem.empty() && variants.is_object() && it != variants.end(); ++it)
      problem = shape_problem(it.value(), "$.variants." + it.key());
  } else {
    problem = shape_problem(doc, "$");
  }
  if (!problem.empty())
    throw ResultsFileError(fmt::format("{}: error: {} (is it the results.json of a `chaossim run`?)", name, problem));
  return doc;
}

}  // namespace chaossim::reports
