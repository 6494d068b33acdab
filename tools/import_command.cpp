// chaossim import-chaostoolkit: a Chaos Toolkit experiment over a base
// scenario, written as a scenario of its own (chaostoolkit_import.hpp), with
// what mapped to what and what did not.
#include <filesystem>

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "scenarios/json_document.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/units.hpp"
#include "tools/chaostoolkit_import.hpp"
#include "scenarios/text_file.hpp"
#include "tools/commands.hpp"

namespace chaossim::tools {

namespace {

// A duration option, or why it is not one.
std::optional<double> duration_option(const std::string& name, const std::string& value) {
  const auto q = scenarios::parse_duration(value);
  if (!q.value) fmt::print(stderr, "error: {} \"{}\": {}\n", name, value, q.problem);
  return q.value;
}

}  // namespace

int import_chaostoolkit_command(const ImportOptionsCli& o) {
  ImportOptions options;
  if (o.start && !(options.start_s = duration_option("--start", *o.start))) return exit_bad_input;
  const auto length = duration_option("--fault-length", o.fault_length);
  if (!length || *length <= 0) {
    if (length) fmt::print(stderr, "error: --fault-length must be above 0\n");
    return exit_bad_input;
  }
  options.fault_length_s = *length;
  options.availability = o.availability;

  const auto base = scenarios::load_scenario_file(o.base);
  if (!base.scenarios) {
    for (const auto& e : base.errors) fmt::print(stderr, "{}\n", e.format());
    return exit_bad_input;
  }
  nlohmann::ordered_json base_json;
  const auto base_text = scenarios::read_text_file(o.base);
  if (!base_text || scenarios::parse_document(*base_text, o.base, scenarios::scenario_document, base_json)) {
    fmt::print(stderr, "{}: cannot read the base scenario again\n", o.base);
    return exit_bad_input;
  }
  const auto experiment_text = scenarios::read_text_file(o.experiment);
  if (!experiment_text) {
    fmt::print(stderr, "{}: cannot read the file, expected a Chaos Toolkit experiment (JSON)\n", o.experiment);
    return exit_bad_input;
  }
  const auto result = import_chaostoolkit(*experiment_text, o.experiment, base_json, options);
  for (const auto& e : result.errors) fmt::print(stderr, "{}\n", e.format());
  if (!result.scenario) return exit_bad_input;

  const std::filesystem::path experiment_path(o.experiment);
  const std::string out = o.out.value_or(
      (experiment_path.parent_path() / (experiment_path.stem().string() + ".chaossim.json")).string());
  // What the experiment names must exist in the base: checked as the scenario it makes.
  const std::string text = result.scenario->dump(2) + "\n";
  const auto check = scenarios::load_scenario_text(text, out);
  if (!check.scenarios) {
    fmt::print(stderr, "error: the experiment does not fit the base scenario {}; its faults, as mapped:\n", o.base);
    for (const auto& line : result.mapped) fmt::print(stderr, "  {}\n", line);
    for (const auto& e : check.errors) fmt::print(stderr, "{}\n", e.format());
    return exit_bad_input;
  }
  try {
    reports::write_file_atomically(out, text);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }
  fmt::print("mapped:\n");
  for (const auto& line : result.mapped) fmt::print("  {}\n", line);
  fmt::print("not mapped ({}):\n", result.unmapped.size());
  for (const auto& line : result.unmapped) fmt::print("  {}\n", line);
  fmt::print("scenario: {}\nnext: chaossim run {} --journal journal.json\n", out, out);
  return exit_ok;
}

}  // namespace chaossim::tools
