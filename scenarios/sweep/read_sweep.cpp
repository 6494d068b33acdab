#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "scenarios/json_document.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/sweep/sweep_design.hpp"
#include "scenarios/sweep/sweep_file.hpp"
#include "scenarios/text_file.hpp"

namespace chaossim::scenarios {
namespace {

const ObjectSpec sweep_spec{"sweep", {"schema", "name", "description", "scenario", "variant", "replications", "seed",
                                      "parameters", "design", "metrics", "pareto"}};
const ObjectSpec parameter_spec{"sweep_parameter", {"path", "values", "range", "log_range"}};
const ObjectSpec range_spec{"sweep_range", {"from", "to", "step", "unit"}};
const ObjectSpec log_range_spec{"sweep_log_range", {"from", "to", "points", "unit"}};
const ObjectSpec design_spec{"sweep_design", {"kind", "points", "seed", "metric", "threshold", "precision"}};

const EnumTable<SweepDesign::Kind> design_kinds{{"grid", SweepDesign::Kind::grid},
                                                {"random", SweepDesign::Kind::random},
                                                {"latin_hypercube", SweepDesign::Kind::latin_hypercube},
                                                {"bisect", SweepDesign::Kind::bisect}};

constexpr DocumentLimits sweep_document{std::size_t{8} << 20, 256, "a sweep file"};

bool whole(double x) { return std::floor(x) == x && std::abs(x) < 1e15; }

std::vector<std::string_view> keys_of(const json& object) {
  std::vector<std::string_view> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

// Why `at` leads nowhere in `document`, naming the first part that is missing.
std::optional<std::string> missing_part(const json& document, const JsonPath& at) {
  const json* node = &document;
  JsonPath walked;
  for (const auto& segment : at.segments()) {
    if (segment.is_index) {
      if (!node->is_array())
        return fmt::format("{} is {}, not an array: [{}] leads nowhere", walked.display(), describe(*node).substr(6), segment.index);
      if (segment.index >= node->size())
        return fmt::format("{} has {} element{}: there is no [{}]", walked.display(), node->size(), node->size() == 1 ? "" : "s",
                           segment.index);
      node = &(*node)[segment.index];
      walked = walked / segment.index;
    } else {
      if (!node->is_object())
        return fmt::format("{} is {}, not an object: \"{}\" leads nowhere", walked.display(), describe(*node).substr(6), segment.key);
      if (!node->contains(segment.key)) {
        const auto keys = keys_of(*node);
        const std::vector<std::string_view> shown(keys.begin(), keys.begin() + static_cast<long>(std::min<std::size_t>(keys.size(), 20)));
        return fmt::format("the scenario has no \"{}\" at {}{}; expected a value the scenario sets (its keys there: {}{})",
                           segment.key, walked.display(), did_you_mean(segment.key, keys), fmt::join(shown, ", "),
                           keys.size() > shown.size() ? ", ..." : "");
      }
      node = &(*node)[segment.key];
      walked = walked / segment.key;
    }
  }
  return std::nullopt;
}

ParameterValues read_values(ObjectReader& r) {
  ParameterValues v;
  const int given = static_cast<int>(r.has("values")) + static_cast<int>(r.has("range")) + static_cast<int>(r.has("log_range"));
  if (given != 1) {
    r.error(given == 0 ? "path" : "values", "expected exactly one of \"values\" (a list), \"range\" {from, to, step} or "
                                            "\"log_range\" {from, to, points}");
    return v;
  }
  if (const json* list = r.get("values")) {
    if (!list->is_array() || list->empty() || list->size() > max_sweep_points)
      r.error("values", describe(*list) + ", expected a non-empty array of the values the parameter takes");
    else
      v.grid.assign(list->begin(), list->end());
    return v;
  }
  const bool log = r.has("log_range");
  const std::string key = log ? "log_range" : "range";
  ObjectReader range(r.context(), r.get(key), r.path_of(key), log ? log_range_spec : range_spec);
  const auto from = range.number("from", Need::required, log ? Bounds::above(0) : Bounds{});
  const auto to = range.number("to", Need::required, log ? Bounds::above(0) : Bounds{});
  v.unit = range.string("unit", Need::optional).value_or("");
  if (!from || !to) return v;
  v.from = *from;
  v.to = *to;
  if (log) {
    v.kind = ParameterValues::Kind::log_range;
    const auto points = range.integer("points", Need::required, Bounds::between(2, static_cast<double>(max_sweep_points)));
    if (points) v.grid = log_range_values(*from, *to, static_cast<int>(*points), v.unit);
    return v;
  }
  v.kind = ParameterValues::Kind::range;
  const auto step = range.number("step", Need::required, Bounds::above(0));
  if (!step) return v;
  v.step = *step;
  if (*to < *from) return range.error("to", fmt::format("found {}, expected at least \"from\" ({})", *to, *from)), v;
  if (range_size(*from, *to, *step) > max_sweep_points)
    return range.error("step", fmt::format("found {}: from {} to {} that makes more than {} values, expected a larger step", *step,
                                           *from, *to, max_sweep_points)), v;
  v.integral = whole(*from) && whole(*step);
  v.grid = range_values(*from, *to, *step, v.integral, v.unit);
  return v;
}

// The scenario the points start from: read whole (its own mistakes are its
// file's diagnostics), then as a document with the variant's patch applied.
bool read_base(ObjectReader& r, const std::filesystem::path& folder, SweepFile& sweep, std::vector<Diagnostic>& errors) {
  const auto named = r.string("scenario", Need::required);
  if (!named) return false;
  sweep.scenario_file = (folder / *named).lexically_normal().string();
  const auto text = read_text_file(sweep.scenario_file);
  if (!text) {
    r.error("scenario", fmt::format("cannot read \"{}\" (does it exist, is it readable?); expected a scenario file, "
                                    "named relative to the sweep file", sweep.scenario_file));
    return false;
  }
  auto loaded = load_scenario_text(*text, sweep.scenario_file);
  if (!loaded.scenarios) {
    for (auto& e : loaded.errors) errors.push_back(std::move(e));
    return false;
  }
  const Scenario* chosen = loaded.scenarios->find(sweep.variant);
  if (chosen == nullptr) {
    const auto names = loaded.scenarios->variant_names();
    r.error("variant", fmt::format("found \"{}\", expected a variant of {}: {}{}", sweep.variant, sweep.scenario_file,
                                   fmt::join(names, ", "), did_you_mean(sweep.variant, {names.begin(), names.end()})));
    return false;
  }
  sweep.base = *chosen;
  json document;
  if (parse_document(*text, sweep.scenario_file, scenario_document, document)) return false;  // read above already
  json patches = document.contains("variants") ? document["variants"] : json::object();
  document.erase("variants");
  if (sweep.variant != "base") document.merge_patch(patches[sweep.variant]);
  sweep.base_document = std::move(document);
  return true;
}

void read_parameters(ObjectReader& r, SweepFile& sweep, bool base_read) {
  LoadContext& ctx = r.context();
  r.require("parameters", "an array of parameters: {\"path\": \"$...\", \"values\": [...]}");
  if (const json* list = r.get("parameters"); list && list->is_array() && list->empty())
    r.error("parameters", "an empty array, expected at least one parameter");
  std::vector<std::string> pointers;
  for_each_element(ctx, r.get("parameters"), r.path_of("parameters"), [&](const json& node, const JsonPath& at) {
    ObjectReader p(ctx, &node, at, parameter_spec);
    if (!p.valid()) return;
    SweepParameter parameter;
    parameter.values = read_values(p);
    const auto path = p.string("path", Need::required);
    if (!path) return;
    std::string problem;
    const auto parsed = JsonPath::parse(*path, problem);
    if (!parsed) return p.error("path", fmt::format("found \"{}\", {}", *path, problem));
    const std::string pointer = parsed->pointer();
    if (parsed->empty()) return p.error("path", "found \"$\" (the whole scenario), expected a value inside it");
    const std::string top = parsed->segments().front().key;
    if (top == "seed" || top == "replications" || top == "variants" || top == "schema")
      return p.error("path", fmt::format("found \"{}\", expected a value of the scenario other than \"{}\" (the sweep's own "
                                         "\"seed\" and \"replications\" set those)", *path, top));
    for (const auto& other : pointers)
      if (pointer == other || pointer.rfind(other + "/", 0) == 0 || other.rfind(pointer + "/", 0) == 0)
        return p.error("path", fmt::format("found \"{}\", which another parameter already sets (or lies inside); expected "
                                           "each value set by one parameter", *path));
    pointers.push_back(pointer);
    if (base_read)
      if (const auto missing = missing_part(sweep.base_document, *parsed)) return p.error("path", *missing);
    parameter.path = *path;
    parameter.at = *parsed;
    sweep.parameters.push_back(std::move(parameter));
  });
}

void read_design(ObjectReader& r, SweepFile& sweep, const SourceMap& map) {
  ObjectReader d(r.context(), r.get("design"), r.path_of("design"), design_spec);
  auto& design = sweep.design;
  const auto kind = d.enumeration("kind", Need::optional, design_kinds);
  if (d.has("kind") && !kind) return;  // said already; its other keys cannot be judged
  design.kind = kind.value_or(SweepDesign::Kind::grid);
  const bool drawn = design.kind == SweepDesign::Kind::random || design.kind == SweepDesign::Kind::latin_hypercube;
  const bool bisect = design.kind == SweepDesign::Kind::bisect;
  if (!drawn) d.forbid("seed", "only a random or latin_hypercube design draws points");
  if (!drawn && !bisect) d.forbid("points", "a grid has every combination; random, latin_hypercube and bisect designs take \"points\"");
  if (!bisect)
    for (const char* key : {"metric", "threshold", "precision"}) d.forbid(key, "only a bisect design looks for a threshold");
  if (drawn) {
    design.points = static_cast<int>(d.integer("points", Need::required, Bounds::between(1, static_cast<double>(max_sweep_points))).value_or(0));
    design.seed = d.unsigned_integer("seed", Need::optional).value_or(sweep.seed);
  }
  if (bisect) {
    // Points per round: each round cuts the bracket into points + 1 parts, its points run at once.
    design.points = static_cast<int>(d.integer("points", Need::optional, Bounds::between(1, 64)).value_or(3));
    design.metric = d.string("metric", Need::required).value_or("");
    design.threshold = d.number("threshold", Need::required, Bounds{}).value_or(0);
    design.precision = d.number("precision", Need::required, Bounds::above(0)).value_or(1);
    sweep.design_metric_position = map.position_of(d.path_of("metric").pointer());
    if (sweep.parameters.size() != 1 && r.context().error_count() == 0)
      r.error("parameters", fmt::format("{} parameters, expected exactly one for a bisect design (it searches one "
                                        "parameter's range for the threshold)", sweep.parameters.size()));
    else if (sweep.parameters.size() == 1 && sweep.parameters[0].values.kind == ParameterValues::Kind::list)
      r.error("parameters", "a list of values, expected a \"range\" or \"log_range\" for a bisect design: the span it searches");
  }
}

// The metrics, or by default the first client's availability and successes'
// p99, and the longest recovery when there are faults.
void read_metrics(ObjectReader& r, SweepFile& sweep, const SourceMap& map) {
  for_each_element(r.context(), r.get("metrics"), r.path_of("metrics"), [&](const json& node, const JsonPath& at) {
    if (!node.is_string() || node.get<std::string>().empty())
      return r.context().error(at, describe(node) + ", expected a path into a point's results.json such as "
                                                    "\"clients.users.availability\"");
    sweep.metrics.push_back(node.get<std::string>());
    sweep.metric_positions.push_back(map.position_of(at.pointer()));
  });
  if (!r.has("metrics") && !sweep.base.clients.empty()) {
    const std::string client = "clients." + sweep.base.clients.front().name;
    sweep.metrics = {client + ".availability", client + ".success_latency_ms.p99"};
    if (!sweep.base.faults.empty()) sweep.metrics.push_back("faults.max_recover_s");
    sweep.metric_positions.assign(sweep.metrics.size(), std::nullopt);
  } else if (r.has("metrics") && sweep.metrics.empty() && r.get("metrics")->is_array()) {
    r.error("metrics", "an empty array, expected at least one metric (or no \"metrics\" for the default ones)");
  }
  // A parameter may be one side: a cost, such as instances.
  for_each_element(r.context(), r.get("pareto"), r.path_of("pareto"), [&](const json& node, const JsonPath& at) {
    const auto named = [&](const std::string& name) {
      for (const auto& p : sweep.parameters)
        if (p.path == name) return true;
      return std::find(sweep.metrics.begin(), sweep.metrics.end(), name) != sweep.metrics.end();
    };
    if (!node.is_string() || !named(node.get<std::string>()))
      return r.context().error(at, describe(node) + ", expected one of the sweep's \"metrics\" or a parameter's \"path\" (a cost)");
    sweep.pareto.push_back(node.get<std::string>());
  });
  if (r.has("pareto") && r.get("pareto")->is_array() && r.get("pareto")->size() != 2)
    r.error("pareto", fmt::format("{} metrics, expected two: the front is drawn in a plane", r.get("pareto")->size()));
}

}  // namespace

SweepLoad load_sweep_text(std::string_view text, const std::string& path) {
  SweepLoad result;
  json document;
  if (auto problem = parse_document(text, path, sweep_document, document)) {
    result.errors.push_back(std::move(*problem));
    return result;
  }
  const auto map = SourceMap::build(text);
  result.errors = duplicate_key_errors(map, path);
  LoadContext ctx(path, map, result.errors);
  ObjectReader r(ctx, &document, JsonPath(), sweep_spec);
  if (!r.valid()) return result;
  SweepFile sweep;
  sweep.file = path;
  sweep.document = document;
  if (const auto schema = r.string("schema", Need::required); schema && *schema != sweep_schema_id)
    r.error("schema", fmt::format("found \"{}\", expected \"{}\"", *schema, sweep_schema_id));
  sweep.name = r.name("name").value_or("");
  sweep.description = r.string("description", Need::optional).value_or("");
  sweep.variant = r.string("variant", Need::optional).value_or("base");
  const auto replications = r.integer("replications", Need::optional, Bounds::between(1, 100000));
  const auto seed = r.unsigned_integer("seed", Need::optional);
  const bool base_read = read_base(r, std::filesystem::path(path).parent_path(), sweep, result.errors);
  sweep.replications = replications ? static_cast<int>(*replications) : sweep.base.replications;
  sweep.seed = seed.value_or(sweep.base.seed);
  read_parameters(r, sweep, base_read);
  sweep.parameters_position = map.position_of("/parameters");
  read_design(r, sweep, map);
  read_metrics(r, sweep, map);
  if (sweep.design.kind == SweepDesign::Kind::grid && result.errors.empty() && grid_size(sweep.parameters) > max_sweep_points)
    r.error("parameters", fmt::format("a grid of more than {} points, expected fewer (or a random or latin_hypercube "
                                      "design of as many points as you can afford)", max_sweep_points));
  if (result.errors.empty()) result.sweep = std::move(sweep);
  return result;
}

SweepLoad load_sweep_file(const std::string& path) {
  const auto text = read_text_file(path);
  if (!text) {
    SweepLoad result;
    result.errors.push_back({path, {}, "$", "", "cannot open the file (does it exist, is it readable?)"});
    return result;
  }
  return load_sweep_text(*text, path);
}

const std::vector<const ObjectSpec*>& sweep_object_specs() {
  static const std::vector<const ObjectSpec*> specs{&sweep_spec, &parameter_spec, &range_spec, &log_range_spec, &design_spec};
  return specs;
}

}  // namespace chaossim::scenarios
