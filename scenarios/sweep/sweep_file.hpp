#pragma once
// A sweep file (chaossim/sweep/v1, the contract in SWEEP-FORMAT.md): a base
// scenario, the parameters to vary (JSON paths into it, with their values),
// the design that picks the points, the replications per point and the
// metrics of interest. Read with the scenario loader's machinery, so that a
// mistake is reported as a scenario's is: file, line, column, JSON path, what
// was expected, and a did-you-mean; a parameter path that the scenario does
// not have is one of those mistakes, found before anything runs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/diagnostics.hpp"
#include "scenarios/json_path.hpp"
#include "scenarios/object_reader.hpp"
#include "scenarios/scenario.hpp"

namespace chaossim::scenarios {

inline constexpr std::string_view sweep_schema_id = "chaossim/sweep/v1";

// The values one parameter takes. A grid takes `grid` as it is; random and
// Latin hypercube designs draw within the span instead: a list by index, a
// range on its steps (an integer range stays integer), a log range
// log-uniformly between its ends.
struct ParameterValues {
  enum class Kind { list, range, log_range } kind = Kind::list;
  std::vector<json> grid;  // every value a grid visits, in order
  double from = 0, to = 0, step = 0;  // range (step) and log_range (from, to)
  bool integral = false;  // a range whose ends and step are whole: its values are integers
  std::string unit;  // appended to each number: 100 with "/s" is "100/s"
};

struct SweepParameter {
  std::string path;  // as written: $.pipelines.payments-policy.retry.budget.ratio
  JsonPath at;
  ParameterValues values;
};

struct SweepDesign {
  enum class Kind { grid, random, latin_hypercube, bisect } kind = Kind::grid;
  int points = 0;          // random, latin_hypercube; bisect: points per round (3)
  std::uint64_t seed = 1;  // random, latin_hypercube
  // bisect: the value of the (one) parameter at which `metric` crosses
  // `threshold`, to within `precision` (in the parameter's own unit).
  std::string metric;
  double threshold = 0;
  double precision = 0;
};

struct SweepFile {
  std::string file;  // as it was named
  std::string name, description;
  std::string scenario_file;  // resolved against the sweep file's folder
  std::string variant = "base";
  int replications = 1;      // the sweep's, else the scenario's
  std::uint64_t seed = 1;    // the sweep's, else the scenario's
  std::vector<SweepParameter> parameters;
  SweepDesign design;
  std::vector<std::string> metrics;  // paths into a point's results.json
  // Where each metric (and the design's) is written, to place a mistake found
  // once results.json's shape is known; the default metrics have none.
  std::vector<std::optional<TextPosition>> metric_positions;
  std::optional<TextPosition> design_metric_position;
  TextPosition parameters_position;  // where a point's invalid values are reported
  std::vector<std::string> pareto;  // two metrics (or a metric and a parameter: a cost), or empty: chosen from `metrics`

  json document;       // the sweep file as read: sweep.json echoes it
  json base_document;  // the scenario with the variant's patch applied, without "variants"
  Scenario base;       // the same, read
};

struct SweepLoad {
  std::optional<SweepFile> sweep;
  std::vector<Diagnostic> errors;
};

SweepLoad load_sweep_file(const std::string& path);
// `path` names the text in messages and anchors the scenario it names.
SweepLoad load_sweep_text(std::string_view text, const std::string& path);

// The keys of each object of a sweep file; a test holds the JSON Schema
// (schema/sweep-v1.schema.json) to exactly these.
const std::vector<const ObjectSpec*>& sweep_object_specs();

}  // namespace chaossim::scenarios
