// chaossim report DIR: the outputs made from a results directory, again,
// without simulating.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/results_json.hpp"
#include "reports/summary_md.hpp"
#include "tools/commands.hpp"

namespace chaossim::tools {

int report_command(const ReportOptions& options) {
  const std::filesystem::path dir(options.dir);
  const std::filesystem::path results = dir / "results.json";
  std::ifstream in(results, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "{}: error: cannot read it; expected the results directory of a `chaossim run`\n", results.string());
    return exit_bad_input;
  }
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::ordered_json document;
  try {
    document = nlohmann::ordered_json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    fmt::print(stderr, "{}: error: not JSON ({})\n", results.string(), e.what());
    return exit_bad_input;
  }
  if (!document.is_object() || document.value("schema", std::string()) != reports::results_schema_id) {
    fmt::print(stderr, "{}: error: $.schema: expected \"{}\"\n", results.string(), reports::results_schema_id);
    return exit_bad_input;
  }
  try {
    for (const auto& format : options.formats) {
      if (format == "md") {
        const auto path = (dir / "summary.md").string();
        reports::write_file_atomically(path, reports::summary_md(document));
        fmt::print("{}\n", path);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    fmt::print(stderr, "{}: error: not a complete chaossim/results/v1 document ({})\n", results.string(), e.what());
    return exit_bad_input;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }
  return exit_ok;
}

}  // namespace chaossim::tools
