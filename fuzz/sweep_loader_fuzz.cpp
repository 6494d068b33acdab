// libFuzzer harness: any bytes as a sweep file, read beside a small base
// scenario (base.json). The loader must answer with a sweep or diagnostics,
// never crash; a sweep it accepts must lay out its points (the first few of
// them as scenarios) without crashing either.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "scenarios/sweep/sweep_design.hpp"
#include "scenarios/sweep/sweep_file.hpp"
#include "scenarios/sweep/sweep_points.hpp"

namespace {

std::string folder;

const char* base = R"({"schema": "chaossim/scenario/v1", "name": "base", "duration": "10s",
  "services": [{"name": "api", "workers": 4, "queue": 8, "service_time": {"dist": "exponential", "mean": "5ms"}}],
  "clients": [{"name": "users", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "100/s"}}],
  "pipelines": {"p": {"timeout": {"after": "50ms"}, "retry": {"max_attempts": 3, "budget": {"ratio": 0.1}}}},
  "faults": [{"kind": "latency", "at": "2s", "for": "2s", "target": "api", "add": "20ms"}],
  "variants": {"slow": {"services": [{"name": "api", "workers": 2, "service_time": {"dist": "constant", "value": "9ms"}}]}}})";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  folder = (std::filesystem::temp_directory_path() / ("chaossim-sweep-fuzz-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(folder);
  std::ofstream(folder + "/base.json") << base;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chaossim::scenarios;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto loaded = load_sweep_text(text, folder + "/sweep.json");
  if (!loaded.sweep) return 0;
  const auto& sweep = *loaded.sweep;
  // Laying out a million points is allowed, but too slow for a fuzzer's turn.
  const bool drawn = sweep.design.kind == SweepDesign::Kind::random || sweep.design.kind == SweepDesign::Kind::latin_hypercube;
  if ((drawn && sweep.design.points > 5000) || (!drawn && grid_size(sweep.parameters) > 5000)) return 0;
  const auto points = design_points(sweep);
  for (std::size_t i = 0; i < points.size() && i < 3; ++i) {
    const auto document = point_document(sweep, points[i]);
    point_problems(sweep, point_id(i, points.size()), points[i], document);
    place_point(sweep, document);
  }
  return 0;
}
