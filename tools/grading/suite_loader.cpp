// Reads suite.json with the scenario loader's machinery, so a mistake in a
// suite is reported as a scenario's is: file, line, column, JSON path, and
// what was expected. Pattern configurations are written as in a scenario's
// pipelines.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "scenarios/json_document.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/read_pipeline.hpp"
#include "scenarios/text_file.hpp"
#include "sim/edges.hpp"
#include "tools/grading/suite.hpp"
#include "tools/grading/suite_readers.hpp"

namespace chaossim::grading {
namespace {

using scenarios::Bounds;
using scenarios::EnumTable;
using scenarios::JsonPath;
using scenarios::LoadContext;
using scenarios::Need;
using scenarios::ObjectReader;
using scenarios::ObjectSpec;
using ordered = scenarios::json;

const ObjectSpec suite_spec{"grading_suite", {"schema", "name", "description", "limits", "categories", "design_signals", "tests"}};
const ObjectSpec design_signals_spec{"design_signals", {"students_see"}};
const ObjectSpec limits_spec{"grading_limits", {"cpu", "wall", "memory_mib", "file_mib", "output_kib"}};
const ObjectSpec conformance_spec{"conformance_test",
                                  {"name", "kind", "points", "visibility", "feedback", "category", "pattern", "pipeline",
                                   "instances", "capacity", "worker_pools", "steps"}};
const ObjectSpec concurrency_spec{"concurrency_test",
                                  {"name", "kind", "points", "visibility", "feedback", "category", "pattern", "pipeline",
                                   "threads", "rounds"}};
const ObjectSpec scenario_test_spec{"scenario_test",
                                    {"name", "kind", "points", "visibility", "feedback", "category", "scenario", "variant",
                                     "replications", "seed", "patterns", "checks"}};
const ObjectSpec check_spec{"scenario_check",
                            {"metric", "client", "edge", "fault", "at_least", "at_most", "times", "minus", "plus"}};
const ObjectSpec kind_only{"grading_test", {"name", "kind", "points", "visibility", "feedback", "category", "pattern",
                                            "pipeline", "instances", "capacity", "worker_pools", "steps", "scenario", "variant",
                                            "replications", "seed", "patterns", "checks", "threads", "rounds"}};

const EnumTable<Visibility> visibilities{{"visible", Visibility::visible},
                                         {"hidden", Visibility::hidden},
                                         {"after_due_date", Visibility::after_due_date},
                                         {"after_published", Visibility::after_published}};
const EnumTable<GradingTest::Kind> kinds{{"conformance", GradingTest::Kind::conformance},
                                         {"scenario", GradingTest::Kind::scenario},
                                         {"concurrency", GradingTest::Kind::concurrency},
                                         {"composition", GradingTest::Kind::composition}};
const EnumTable<Metric> metrics{{"availability", Metric::availability},
                                {"p95_ms", Metric::p95_ms},
                                {"p99_ms", Metric::p99_ms},
                                {"fallback_fraction", Metric::fallback_fraction},
                                {"recover_s", Metric::recover_s},
                                {"detect_s", Metric::detect_s},
                                {"retry_amplification", Metric::retry_amplification},
                                {"attempts_while_open", Metric::attempts_while_open},
                                {"retries_while_open", Metric::retries_while_open},
                                {"peak_memory_mib", Metric::peak_memory_mib},
                                {"degraded_fraction", Metric::degraded_fraction}};

Check read_check(LoadContext& ctx, const ordered& node, const JsonPath& at, const scenarios::Scenario* scenario) {
  ObjectReader r(ctx, &node, at, check_spec);
  Check c;
  c.metric = r.enumeration("metric", Need::required, metrics).value_or(Metric::availability);
  c.client = r.string("client", Need::optional).value_or("");
  c.edge = r.string("edge", Need::optional).value_or("");
  c.fault = static_cast<int>(r.integer("fault", Need::optional, Bounds::at_least(0)).value_or(0));
  const bool of_edge = c.metric == Metric::retry_amplification || c.metric == Metric::attempts_while_open ||
                       c.metric == Metric::retries_while_open || c.metric == Metric::fallback_fraction;
  if (of_edge) r.require("edge", "an edge \"from->to\"");
  if (scenario != nullptr) {
    if (!c.client.empty() && std::none_of(scenario->clients.begin(), scenario->clients.end(),
                                          [&](const auto& cl) { return cl.name == c.client; }))
      r.error("client", fmt::format("\"{}\" is not a client of the scenario", c.client));
    if (!c.edge.empty()) {
      const auto edges = sim::edge_list(*scenario);
      if (std::none_of(edges.begin(), edges.end(), [&](const auto& e) { return e.from + "->" + e.to == c.edge; }))
        r.error("edge", fmt::format("\"{}\" is not an edge of the scenario, expected \"caller->callee\"", c.edge));
    }
    if ((c.metric == Metric::recover_s || c.metric == Metric::detect_s) &&
        static_cast<std::size_t>(c.fault) >= scenario->faults.size())
      r.error("fault", fmt::format("the scenario has {} faults, numbered from 0", scenario->faults.size()));
  }
  const bool least = r.has("at_least"), most = r.has("at_most");
  if (least == most) {
    ctx.error(at, "a check needs exactly one of \"at_least\" and \"at_most\": a number, or \"reference\"");
    return c;
  }
  const char* key = least ? "at_least" : "at_most";
  c.at_least = least;
  const ordered& bound = *r.get(key);
  if (bound.is_string() && bound.get<std::string>() == "reference" && c.metric == Metric::peak_memory_mib) {
    r.error(key, "the reference runs inside the grader, where its memory is not its own: expected a number of MiB");
  } else if (bound.is_string() && bound.get<std::string>() == "reference") {
    c.against_reference = true;
    c.times = r.number("times", Need::optional, Bounds::above(0)).value_or(1);
    c.margin = r.number(least ? "minus" : "plus", Need::optional, Bounds::at_least(0)).value_or(0);
    if (r.has(least ? "plus" : "minus"))
      r.error(least ? "plus" : "minus", fmt::format("\"{}\" goes with \"{}\"", least ? "minus" : "plus", key));
  } else if (bound.is_number()) {
    c.bound = bound.get<double>();
    for (const char* k : {"times", "minus", "plus"})
      if (r.has(k)) r.error(k, fmt::format("\"{}\" applies to a bound of \"reference\"", k));
  } else {
    r.error(key, scenarios::describe(bound) + ", expected a number or \"reference\"");
  }
  return c;
}

void read_scenario_test(LoadContext& ctx, ObjectReader& r, GradingTest& test, const std::filesystem::path& dir,
                        std::vector<scenarios::Diagnostic>& errors) {
  const auto file = r.string("scenario", Need::required);
  test.variant = r.string("variant", Need::optional).value_or("base");
  test.replications = static_cast<int>(r.integer("replications", Need::optional, Bounds::between(1, 100)).value_or(1));
  if (auto seed = r.unsigned_integer("seed", Need::optional)) test.seed = *seed;
  static const auto table = pattern_table();
  r.require("patterns", "the patterns of the submission to play");
  scenarios::for_each_element(ctx, r.get("patterns"), r.path_of("patterns"), [&](const ordered& item, const JsonPath& at) {
    const std::string name = item.is_string() ? item.get<std::string>() : "";
    const auto p = student_pattern_named(name);
    if (!p)
      ctx.error(at, fmt::format("{}, expected a pattern: {}{}", scenarios::describe(item), ObjectReader::choices(table),
                                scenarios::did_you_mean(name, ObjectReader::names(table))));
    else test.patterns.push_back(*p);
  });
  std::optional<scenarios::ScenarioSet> set;
  const scenarios::Scenario* scenario = nullptr;
  if (file) {
    test.scenario_file = (dir / *file).lexically_normal().string();
    auto loaded = scenarios::load_scenario_file(test.scenario_file);
    if (!loaded.scenarios) {
      r.error("scenario", fmt::format("\"{}\" does not load ({} errors, the first: {})", *file, loaded.errors.size(),
                                      loaded.errors.empty() ? "" : loaded.errors.front().format()));
    } else {
      set = std::move(loaded.scenarios);
      scenario = set->find(test.variant);
      if (scenario == nullptr) r.error("variant", fmt::format("\"{}\" has no variant \"{}\"", *file, test.variant));
    }
  }
  r.require("checks");
  scenarios::for_each_element(ctx, r.get("checks"), r.path_of("checks"), [&](const ordered& item, const JsonPath& at) {
    test.checks.push_back(read_check(ctx, item, at, scenario));
  });
  (void)errors;
}

}  // namespace

std::string_view name_of(Visibility visibility) {
  for (const auto& [name, v] : visibilities)
    if (v == visibility) return name;
  return "visible";
}

std::string_view name_of(Metric metric) {
  for (const auto& [name, m] : metrics)
    if (m == metric) return name;
  return "availability";
}

bool GradingSuite::has(GradingTest::Kind kind) const {
  return std::any_of(tests.begin(), tests.end(), [&](const GradingTest& t) { return t.kind == kind; });
}

double GradingSuite::total_points() const {
  double total = 0;
  for (const auto& t : tests) total += t.points;
  return total;
}

const std::vector<OpSpec>& protocol_ops() {
  using P = StudentPattern;
  static const std::vector<OpSpec> ops{
      {P::circuit_breaker, "try_acquire", {}},
      {P::circuit_breaker, "on_success", {"latency_s"}},
      {P::circuit_breaker, "on_failure", {"latency_s"}},
      {P::circuit_breaker, "state", {}},
      {P::retry, "next_delay", {"attempts", "previous_delay_s", "outcome", "random"}},
      {P::retry_budget, "on_request", {}},
      {P::retry_budget, "try_withdraw", {}},
      {P::timeout, "timeout", {}},
      {P::timeout, "on_result", {"latency_s", "timed_out"}},
      {P::bulkhead, "enter", {}},
      {P::bulkhead, "leave", {}},
      {P::bulkhead, "give_up", {}},
      {P::health_check, "check", {"instance", "ok"}},
      {P::fallback, "next", {"start", "key", "cache_age_s"}},
      {P::cache, "get", {"key"}},
      {P::cache, "put", {"key"}},
      {P::adaptive_throttling, "try_send", {"random"}},
      {P::adaptive_throttling, "on_result", {"outcome"}},
      {P::worker_pools, "start", {"pool"}},
      {P::worker_pools, "can_start", {"pool"}},
      {P::worker_pools, "release", {"pool", "slot"}},
  };
  return ops;
}

SandboxLimits read_limits(LoadContext& ctx, ObjectReader& r) {
  SandboxLimits limits;
  ObjectReader l(ctx, r.get("limits"), r.path_of("limits"), limits_spec);
  limits.cpu_s = l.duration("cpu", Need::optional, Bounds::above(0)).value_or(limits.cpu_s);
  limits.wall_s = l.duration("wall", Need::optional, Bounds::above(0)).value_or(limits.wall_s);
  limits.memory_mib = static_cast<std::size_t>(l.integer("memory_mib", Need::optional, Bounds::between(64, 65536)).value_or(512));
  limits.file_mib = static_cast<std::size_t>(l.integer("file_mib", Need::optional, Bounds::between(1, 65536)).value_or(16));
  limits.output_kib = static_cast<std::size_t>(l.integer("output_kib", Need::optional, Bounds::between(1, 65536)).value_or(16));
  return limits;
}

// The rubric's parts and their weights, in the order written.
std::vector<Category> read_categories(LoadContext& ctx, ObjectReader& r) {
  std::vector<Category> categories;
  const ordered* node = r.get("categories");
  if (node == nullptr) return categories;
  if (!node->is_object() || node->empty()) {
    r.error("categories", scenarios::describe(*node) +
                              ", expected the rubric's parts and their weights: {\"implementation\": 40, \"design\": 20}");
    return categories;
  }
  for (const auto& [name, weight] : node->items()) {
    const JsonPath at = r.path_of("categories") / name;
    if (!weight.is_number() || weight.get<double>() <= 0 || !std::isfinite(weight.get<double>()))
      ctx.error(at, scenarios::describe(weight) + ", expected a weight: a number above 0");
    else categories.push_back({name, weight.get<double>()});
  }
  return categories;
}

// A test's category: required when the suite has categories, refused when it has none.
std::string read_category(ObjectReader& t, const std::vector<Category>& categories) {
  std::vector<std::string_view> names;
  for (const auto& c : categories) names.push_back(c.name);
  if (categories.empty()) {
    if (t.has("category")) t.error("category", "the suite has no \"categories\": give it the rubric's parts and weights first");
    return {};
  }
  const auto name = t.string("category", Need::required);
  if (!name) return {};
  if (std::find(names.begin(), names.end(), *name) == names.end()) {
    t.error("category", fmt::format("\"{}\" is not one of the suite's categories, expected one of {}{}", *name,
                                    fmt::join(names, ", "), scenarios::did_you_mean(*name, names)));
    return {};
  }
  return *name;
}

// One test of the suite; nullopt when it cannot be read at all (its problems reported).
std::optional<GradingTest> read_test(LoadContext& ctx, const ordered& node, const JsonPath& at, const std::filesystem::path& dir,
                                     const std::vector<Category>& categories, std::set<std::string>& names,
                                     std::vector<scenarios::Diagnostic>& errors) {
  GradingTest test;
  std::optional<GradingTest::Kind> kind;
  {
    ObjectReader k(ctx, &node, at, kind_only);
    if (!k.valid()) return std::nullopt;
    kind = k.enumeration("kind", Need::required, kinds);
  }
  if (!kind) return std::nullopt;
  test.kind = *kind;
  const ObjectSpec& spec = *kind == GradingTest::Kind::conformance   ? conformance_spec
                            : *kind == GradingTest::Kind::concurrency ? concurrency_spec
                                                                      : scenario_test_spec;
  ObjectReader t(ctx, &node, at, spec);
  test.name = t.name("name").value_or("");
  if (!test.name.empty() && !names.insert(test.name).second)
    t.error("name", fmt::format("\"{}\" names another test already, expected a unique name", test.name));
  test.points = t.number("points", Need::required, Bounds::at_least(0)).value_or(0);
  test.visibility = t.enumeration("visibility", Need::optional, visibilities).value_or(Visibility::visible);
  test.feedback = t.string("feedback", Need::required).value_or("");
  test.category = read_category(t, categories);
  if (*kind == GradingTest::Kind::concurrency) {
    read_concurrency_test(t, test);
  } else if (*kind == GradingTest::Kind::conformance) {
    static const auto table = pattern_table();
    const auto pattern = t.enumeration("pattern", Need::required, table);
    if (!pattern) return std::nullopt;
    test.pattern = *pattern;
    if (auto config = conformance_config(t, *pattern)) test.config = *config;
    read_steps(ctx, t, test);
  } else {
    read_scenario_test(ctx, t, test, dir, errors);
  }
  return test;
}

SuiteLoad load_suite_file(const std::string& path) {
  const auto text = scenarios::read_text_file(path);
  if (!text) {
    SuiteLoad result;
    result.errors.push_back({path, {}, "$", "", "cannot read the file"});
    return result;
  }
  return load_suite_text(*text, path);
}

SuiteLoad load_suite_text(std::string_view text, const std::string& path) {
  SuiteLoad result;
  ordered doc;
  constexpr scenarios::DocumentLimits suite_document{std::size_t{8} << 20, 256, "a grading suite"};
  if (auto problem = scenarios::parse_document(text, path, suite_document, doc)) {
    result.errors.push_back(std::move(*problem));
    return result;
  }
  const auto map = scenarios::SourceMap::build(text);
  LoadContext ctx(path, map, result.errors);
  ObjectReader r(ctx, &doc, JsonPath(), suite_spec);
  if (!r.valid()) return result;
  GradingSuite suite;
  suite.file = path;
  if (const auto schema = r.string("schema", Need::required); schema && *schema != suite_schema_id)
    r.error("schema", fmt::format("found \"{}\", expected \"{}\"", *schema, suite_schema_id));
  suite.name = r.string("name", Need::required).value_or("");
  suite.limits = read_limits(ctx, r);
  suite.categories = read_categories(ctx, r);
  if (r.has("design_signals")) {
    ObjectReader d(ctx, r.get("design_signals"), r.path_of("design_signals"), design_signals_spec);
    suite.design_signals = DesignSignalsOptions{d.boolean("students_see", Need::optional).value_or(false)};
  }
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::set<std::string> names;
  r.require("tests");
  scenarios::for_each_element(ctx, r.get("tests"), r.path_of("tests"), [&](const ordered& node, const JsonPath& at) {
    if (auto test = read_test(ctx, node, at, dir, suite.categories, names, result.errors)) suite.tests.push_back(std::move(*test));
  });
  if (result.errors.empty()) result.suite = std::move(suite);
  return result;
}

}  // namespace chaossim::grading
