#pragma once
// A point of a sweep as an ordinary scenario: the base (with its variant's
// patch) with each parameter's value set at its path, the sweep's seed and
// replications, and no variants. Written to points/<id>/scenario.json, it
// replays alone with `chaossim run` and gives the same results.json.
#include <string>
#include <utility>
#include <vector>

#include "scenarios/diagnostics.hpp"
#include "scenarios/sweep/sweep_file.hpp"

namespace chaossim::scenarios {

// The point's scenario, its files still named as the base names them.
json point_document(const SweepFile& sweep, const std::vector<json>& values);

// Why the values make no valid scenario: each problem as the sweep file's,
// at the parameters, naming the point, its values and the scenario's
// complaint; empty when the point is valid.
std::vector<Diagnostic> point_problems(const SweepFile& sweep, const std::string& id, const std::vector<json>& values,
                                       const json& document);

// The document as it sits in its own folder: the files it reads (a client's
// rate profile) are copied beside it, so the folder holds all a replay needs,
// whichever machine or path it is read from.
struct PlacedPoint {
  std::string text;  // scenario.json
  std::vector<std::pair<std::string, std::string>> beside;  // name in the point's folder, the file copied there
};
PlacedPoint place_point(const SweepFile& sweep, json document);

// "$.retry.budget.ratio = 0.2, $.clients[0].arrival.rate = \"100/s\"".
std::string describe_values(const SweepFile& sweep, const std::vector<json>& values);

}  // namespace chaossim::scenarios
