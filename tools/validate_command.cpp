#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tools/commands.hpp"

namespace chaossim::tools {

int validate_command(const std::vector<std::string>& files) {
  int code = exit_ok;
  for (const auto& file : files) {
    const auto loaded = scenarios::load_scenario_file(file);
    if (!loaded.scenarios) {
      for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
      fmt::print(stderr, "{}: {} error{}\n", file, loaded.errors.size(), loaded.errors.size() == 1 ? "" : "s");
      code = exit_bad_input;
      continue;
    }
    const auto& set = *loaded.scenarios;
    fmt::print("{}: ok (scenario \"{}\", {} variant{})\n", file, set.base.name, set.variants.size() + 1,
               set.variants.empty() ? "" : "s");
  }
  return code;
}

}  // namespace chaossim::tools
