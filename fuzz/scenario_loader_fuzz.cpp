// libFuzzer harness: any bytes as a scenario file. The loader must answer
// with a scenario or diagnostics, never crash, hang or exhaust memory; a
// scenario it accepts must be one the simulator can lay out (its call edges,
// its faults' occurrences and their effects, and what each can be seen from).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenarios/loader.hpp"
#include "sim/edges.hpp"
#include "sim/fault_effects.hpp"
#include "sim/fault_scope.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto loaded = chaossim::scenarios::load_scenario_text(text, "fuzz.json");
  if (!loaded.scenarios) return 0;
  const auto lay_out = [](const chaossim::scenarios::Scenario& s) {
    const auto edges = chaossim::sim::edge_list(s);
    const auto timeline = chaossim::sim::fault_timeline(s, 1);
    chaossim::sim::fault_effects(s, timeline);
    chaossim::sim::fault_scopes(s, timeline, edges);
  };
  lay_out(loaded.scenarios->base);
  for (const auto& v : loaded.scenarios->variants) lay_out(v);
  return 0;
}
