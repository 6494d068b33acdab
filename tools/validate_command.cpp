#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scenarios/loader.hpp"
#include "scenarios/sweep/sweep_file.hpp"
#include "tools/commands.hpp"
#include "tools/sweep/sweep_checks.hpp"

namespace chaossim::tools {
namespace {

// A sweep file says so in its "schema"; anything else is read as a scenario.
bool is_sweep_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  const auto document = nlohmann::json::parse(text.str(), nullptr, false);
  return document.is_object() && document.value("schema", nlohmann::json()).is_string() &&
         document["schema"].get<std::string>() == scenarios::sweep_schema_id;
}

int report(const std::string& file, const std::vector<scenarios::Diagnostic>& errors) {
  for (const auto& e : errors) fmt::print(stderr, "{}\n", e.format());
  fmt::print(stderr, "{}: {} error{}\n", file, errors.size(), errors.size() == 1 ? "" : "s");
  return exit_bad_input;
}

// A sweep: the file, the scenario it names, its metrics and every point's values.
int validate_sweep(const std::string& file) {
  const auto loaded = scenarios::load_sweep_file(file);
  if (!loaded.sweep) return report(file, loaded.errors);
  const auto& sweep = *loaded.sweep;
  const auto points = plan_points(sweep);
  auto errors = metric_errors(sweep);
  for (auto& e : point_errors(sweep, points)) errors.push_back(std::move(e));
  if (!errors.empty()) return report(file, errors);
  fmt::print("{}: ok (sweep \"{}\" of {}, {} point{})\n", file, sweep.name, sweep.scenario_file,
             sweep.design.kind == scenarios::SweepDesign::Kind::bisect ? std::string("a bisect's") : std::to_string(points.size()),
             points.size() == 1 ? "" : "s");
  return exit_ok;
}

}  // namespace

int validate_command(const std::vector<std::string>& files) {
  int code = exit_ok;
  for (const auto& file : files) {
    if (is_sweep_file(file)) {
      if (validate_sweep(file) != exit_ok) code = exit_bad_input;
      continue;
    }
    const auto loaded = scenarios::load_scenario_file(file);
    if (!loaded.scenarios) {
      code = report(file, loaded.errors);
      continue;
    }
    const auto& set = *loaded.scenarios;
    fmt::print("{}: ok (scenario \"{}\", {} variant{})\n", file, set.base.name, set.variants.size() + 1,
               set.variants.empty() ? "" : "s");
  }
  return code;
}

}  // namespace chaossim::tools
