// Conformance and concurrency tests of a suite (suite_readers.hpp).
#include <algorithm>

#include <fmt/format.h>

#include "scenarios/read_pipeline.hpp"
#include "tools/grading/concurrency_workload.hpp"
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

const ObjectSpec pools_spec{"conformance_worker_pools", {"flex", "pools"}};
const ObjectSpec pool_spec{"conformance_worker_pool", {"name", "capacity", "reserved", "max_borrow", "max_queue", "max_wait"}};

json plain(const ordered& value) { return json::parse(value.dump()); }

// A worker_pools test's pools, written as a service's but without endpoints:
// the steps name a pool by its index.
std::optional<json> worker_pools_of(ObjectReader& r) {
  const ordered* node = r.get("worker_pools");
  if (node == nullptr) {
    r.error("worker_pools", "missing, expected the pools: {\"flex\": 2, \"pools\": [{\"name\": \"icu\", \"capacity\": 6, \"reserved\": 5}]}");
    return std::nullopt;
  }
  const std::size_t errors_before = r.context().error_count();
  ObjectReader w(r.context(), node, r.path_of("worker_pools"), pools_spec);
  patterns::WorkerPoolsConfig c;
  c.flex = static_cast<int>(w.integer("flex", Need::optional, Bounds::between(0, 1e6)).value_or(0));
  w.require("pools", "an array of pools");
  scenarios::for_each_element(r.context(), w.get("pools"), w.path_of("pools"), [&](const ordered& element, const JsonPath& at) {
    ObjectReader p(r.context(), &element, at, pool_spec);
    c.pools.push_back(scenarios::read_worker_pool(p));
  });
  if (r.context().error_count() != errors_before) return std::nullopt;
  for (const auto& problem : patterns::validate(c)) r.error("worker_pools", problem.field + ": " + problem.message);
  if (r.context().error_count() != errors_before) return std::nullopt;
  return to_json(c);
}

// The step's op is one of its pattern's, and its fields are exactly the op's.
bool check_op(LoadContext& ctx, ObjectReader& s, const JsonPath& at, const Step& step, StudentPattern pattern,
              const std::vector<std::string_view>& known_ops) {
  bool ok = true;
  const auto spec = std::find_if(protocol_ops().begin(), protocol_ops().end(),
                                 [&](const OpSpec& o) { return o.pattern == pattern && o.op == step.op; });
  if (spec == protocol_ops().end()) {
    s.error("op", fmt::format("\"{}\" is not an op of {}, expected one of {}{}", step.op, name_of(pattern),
                              fmt::join(known_ops, ", "), scenarios::did_you_mean(step.op, known_ops)));
    ok = false;
  } else {
    for (std::string_view field : spec->fields)
      if (!step.fields.contains(std::string(field))) {
        ctx.error(at, fmt::format("op \"{}\" needs the field \"{}\"", step.op, field));
        ok = false;
      }
    for (const auto& [key, value] : step.fields.items())
      if (std::find(spec->fields.begin(), spec->fields.end(), key) == spec->fields.end()) {
        s.error(key, fmt::format("\"{}\" is not a field of op \"{}\"{}{}", key, step.op,
                                 spec->fields.empty() ? ", which takes none" : ", expected one of ",
                                 fmt::join(spec->fields, ", ")));
        ok = false;
      }
  }
  return ok;
}

}  // namespace

EnumTable<StudentPattern> pattern_table() {
  EnumTable<StudentPattern> table;
  for (StudentPattern p : all_student_patterns) table.emplace_back(name_of(p), p);
  return table;
}

// The instance's config in the protocol's form, from a scenario pipeline.
std::optional<json> conformance_config(ObjectReader& r, StudentPattern pattern) {
  const ordered* node = r.get("pipeline");
  const auto need = [&](bool present, std::string_view key) {
    if (!present) r.error("pipeline", fmt::format("a {} test needs \"{}\" in its pipeline", name_of(pattern), key));
    return present;
  };
  patterns::PipelineConfig p;
  if (node != nullptr) p = scenarios::read_pipeline(r.context(), *node, r.path_of("pipeline"));
  switch (pattern) {
    case StudentPattern::circuit_breaker:
      return need(p.circuit_breaker.has_value(), "circuit_breaker") ? std::optional(to_json(*p.circuit_breaker)) : std::nullopt;
    case StudentPattern::retry: return need(p.retry.has_value(), "retry") ? std::optional(to_json(*p.retry)) : std::nullopt;
    case StudentPattern::retry_budget:
      return need(p.retry && p.retry->budget, "retry\": {\"budget") ? std::optional(to_json(*p.retry->budget)) : std::nullopt;
    case StudentPattern::timeout: return need(p.timeout.has_value(), "timeout") ? std::optional(to_json(*p.timeout)) : std::nullopt;
    case StudentPattern::bulkhead:
      return need(p.bulkhead.has_value(), "bulkhead") ? std::optional(to_json(*p.bulkhead)) : std::nullopt;
    case StudentPattern::health_check: {
      const auto instances = r.integer("instances", Need::optional, Bounds::between(1, 1000)).value_or(1);
      return need(p.health_check.has_value(), "health_check")
                 ? std::optional(to_json(*p.health_check, static_cast<int>(instances)))
                 : std::nullopt;
    }
    case StudentPattern::fallback:
      return need(p.fallback.has_value(), "fallback") ? std::optional(to_json(*p.fallback)) : std::nullopt;
    case StudentPattern::cache: {
      const auto capacity = r.integer("capacity", Need::optional, Bounds::between(1, 1e9)).value_or(100000);
      return json{{"capacity", capacity}};
    }
    case StudentPattern::adaptive_throttling:
      return need(p.adaptive_throttling.has_value(), "adaptive_throttling") ? std::optional(to_json(*p.adaptive_throttling))
                                                                            : std::nullopt;
    case StudentPattern::worker_pools: return worker_pools_of(r);
  }
  return std::nullopt;
}

void read_steps(LoadContext& ctx, ObjectReader& r, GradingTest& test) {
  r.require("steps");
  std::vector<std::string_view> known_ops;
  for (const auto& spec : protocol_ops())
    if (spec.pattern == test.pattern) known_ops.push_back(spec.op);
  scenarios::for_each_element(ctx, r.get("steps"), r.path_of("steps"), [&](const ordered& node, const JsonPath& at) {
    if (!node.is_object()) {
      ctx.error(at, scenarios::describe(node) + ", expected a step: {\"at\": \"1s\", \"op\": ..., \"expect\": ...}");
      return;
    }
    Step step;
    double every = 0;
    long long repeat = 1;
    bool ok = true;
    for (const auto& [key, value] : node.items()) {
      if (key == "op" || key == "at" || key == "every" || key == "repeat" || key == "why" || key == "expect" ||
          key == "expect_between")
        continue;
      step.fields[key] = plain(value);
    }
    // at, every, repeat, why, expect and expect_between are the script's; the
    // other keys are the request's fields.
    ObjectSpec step_spec{"step", {"op", "at", "every", "repeat", "why", "expect", "expect_between"}};
    for (const auto& [key, value] : node.items()) step_spec.keys.push_back(key);
    ObjectReader s(ctx, &node, at, step_spec);
    step.op = s.string("op", Need::required).value_or("");
    step.at_s = s.duration("at", Need::required).value_or(0);
    every = s.duration("every", Need::optional).value_or(0);
    repeat = s.integer("repeat", Need::optional, Bounds::between(1, 100000)).value_or(1);
    step.why = s.string("why", Need::optional).value_or("");
    if (const ordered* e = s.get("expect")) step.expect = plain(*e);
    if (const ordered* b = s.get("expect_between")) {
      if (!b->is_array() || b->size() != 2 || !(*b)[0].is_number() || !(*b)[1].is_number() ||
          (*b)[0].get<double>() > (*b)[1].get<double>()) {
        s.error("expect_between", scenarios::describe(*b) + ", expected [low, high], two numbers with low <= high");
        ok = false;
      } else {
        step.expect_between = std::pair((*b)[0].get<double>(), (*b)[1].get<double>());
      }
    }
    if (!step.op.empty()) ok = check_op(ctx, s, at, step, test.pattern, known_ops) && ok;
    if (!ok) return;
    for (long long i = 0; i < repeat; ++i) {
      Step copy = step;
      copy.at_s = step.at_s + static_cast<double>(i) * every;
      test.steps.push_back(std::move(copy));
    }
  });
}

void read_concurrency_test(ObjectReader& r, GradingTest& test) {
  static const auto table = pattern_table();
  const auto pattern = r.enumeration("pattern", Need::required, table);
  if (!pattern) return;
  test.pattern = *pattern;
  if (!has_concurrency_workload(*pattern)) {
    r.error("pattern", fmt::format("\"{}\" has no concurrency workload, expected bulkhead, circuit_breaker or retry_budget",
                                   name_of(*pattern)));
    return;
  }
  test.threads = static_cast<int>(r.integer("threads", Need::optional, Bounds::between(2, 64)).value_or(8));
  test.rounds = static_cast<int>(r.integer("rounds", Need::optional, Bounds::between(1, 100000)).value_or(200));
  const auto config = conformance_config(r, *pattern);
  if (!config) return;
  test.config = *config;
  if (*pattern == StudentPattern::bulkhead && config->value("max_queue", 0) != 0)
    r.error("pipeline", "a bulkhead's concurrency test needs \"max_queue\": 0: a waiting caller is handed its permit by "
                        "the caller's own queue, which is the simulator's part, not the pattern's");
  if (*pattern == StudentPattern::circuit_breaker && config->value("half_open_calls", 1) >= test.threads)
    r.error("threads", fmt::format("{} threads against half_open_calls {}: every thread may probe, so the test could not "
                                   "tell a breaker that lets too many probes out; expected more threads than half_open_calls",
                                   test.threads, config->value("half_open_calls", 1)));
}

}  // namespace chaossim::grading
