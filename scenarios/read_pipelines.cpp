#include <algorithm>

#include <fmt/format.h>

#include "scenarios/pattern_fields.hpp"
#include "scenarios/readers.hpp"

namespace chaossim::scenarios {
namespace {

using namespace patterns;

const EnumTable<BackoffKind> backoff_kinds = enum_table<BackoffKind>(backoff_kind_names);
const EnumTable<Jitter> jitters = enum_table<Jitter>(jitter_names);
// Any outcome but success.
const EnumTable<Outcome> retryable_outcomes = [] {
  auto table = enum_table<Outcome>(outcome_names);
  table.erase(table.begin());
  return table;
}();
const EnumTable<WindowKind> window_kinds = enum_table<WindowKind>(window_kind_names);
const EnumTable<RateLimiterKind> limiter_kinds = enum_table<RateLimiterKind>(rate_limiter_kind_names);

// A list of failed outcomes, where "client_error" (an error of class client)
// stands beside them: `client` says whether it is listed.
void read_outcomes(ObjectReader& r, std::string_view key, std::vector<Outcome>& out, bool& client) {
  const json* list = r.get(key);
  out.clear();
  client = false;
  if (!list->is_array()) return r.error(key, describe(*list) + ", expected an array of outcomes");
  auto names = ObjectReader::names(retryable_outcomes);
  names.push_back("client_error");
  for_each_element(r.context(), list, r.path_of(key), [&](const json& item, const JsonPath& at) {
    const std::string text = item.is_string() ? item.get<std::string>() : std::string();
    if (text == "client_error") {
      client = true;
      return;
    }
    for (const auto& [name, outcome] : retryable_outcomes)
      if (name == text) {
        out.push_back(outcome);
        return;
      }
    r.context().error(at, fmt::format("{}, expected one of {}, \"client_error\"{}", describe(item),
                                      ObjectReader::choices(retryable_outcomes), did_you_mean(text, names)));
  });
}

TimeoutConfig read_timeout(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::timeout);
  TimeoutConfig t;
  if (r.has("after") == r.has("adaptive") && r.valid())
    ctx.error(path, "expected exactly one of \"after\" (a fixed timeout) or \"adaptive\"");
  t.after_s = r.duration("after", Need::optional, Bounds::above(0)).value_or(t.after_s);
  if (const json* a = r.get("adaptive")) {
    ObjectReader ar(ctx, a, r.path_of("adaptive"), specs::adaptive_timeout);
    AdaptiveTimeoutConfig ad;
    ad.quantile = ar.number("quantile", Need::optional, {0, 1, true}).value_or(ad.quantile);
    ad.multiplier = ar.number("multiplier", Need::optional, Bounds::above(0)).value_or(ad.multiplier);
    ad.min_s = ar.duration("min", Need::optional, Bounds::above(0)).value_or(ad.min_s);
    ad.max_s = ar.duration("max", Need::optional, Bounds::above(0)).value_or(ad.max_s);
    ad.initial_s = ar.duration("initial", Need::optional, Bounds::above(0));
    t.adaptive = ad;
  }
  return t;
}

RetryConfig read_retry(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::retry);
  RetryConfig c;
  c.max_attempts = static_cast<int>(r.integer("max_attempts", Need::optional, Bounds::between(1, 100)).value_or(c.max_attempts));
  if (const json* b = r.get("backoff")) {
    ObjectReader br(ctx, b, r.path_of("backoff"), specs::backoff);
    c.backoff.kind = br.enumeration("kind", Need::required, backoff_kinds).value_or(c.backoff.kind);
    c.backoff.initial_s = br.duration("initial", Need::required).value_or(c.backoff.initial_s);
    c.backoff.multiplier = br.number("multiplier", Need::optional, Bounds::at_least(1)).value_or(c.backoff.multiplier);
    c.backoff.max_s = br.duration("max", Need::optional).value_or(std::max(c.backoff.max_s, c.backoff.initial_s));
    if (c.backoff.kind == BackoffKind::fixed) br.forbid("multiplier", "a fixed backoff does not grow");
  }
  if (const json* j = r.get("jitter"); j != nullptr && j->is_object()) {
    ObjectReader jr(ctx, j, r.path_of("jitter"), specs::jitter);
    c.jitter = jr.enumeration("kind", Need::required, jitters).value_or(c.jitter);
    if (c.jitter == Jitter::proportional)
      c.jitter_fraction = jr.number("fraction", Need::required, Bounds::between(0, 1)).value_or(0);
    else
      jr.forbid("fraction", "only a proportional jitter takes a fraction");
  } else {
    c.jitter = r.enumeration("jitter", Need::optional, jitters).value_or(c.jitter);
    if (c.jitter == Jitter::proportional)
      r.error("jitter", "\"proportional\" without its fraction, expected {\"kind\": \"proportional\", \"fraction\": 0.5}");
  }
  if (r.has("retry_on")) {
    read_outcomes(r, "retry_on", c.retry_on, c.retry_client_errors);
    if (c.retry_client_errors && std::find(c.retry_on.begin(), c.retry_on.end(), Outcome::error) == c.retry_on.end())
      r.error("retry_on", "\"client_error\" without \"error\", expected both: a client error is retried as an error is");
  }
  c.honour_retry_after = r.boolean("honour_retry_after", Need::optional).value_or(c.honour_retry_after);
  if (const json* b = r.get("budget")) {
    ObjectReader br(ctx, b, r.path_of("budget"), specs::retry_budget);
    RetryBudgetConfig budget;
    budget.ratio = br.number("ratio", Need::required, Bounds::between(0, 1)).value_or(budget.ratio);
    budget.min_per_second = br.number("min_per_second", Need::optional, Bounds::at_least(0)).value_or(budget.min_per_second);
    c.budget = budget;
  }
  return c;
}

CircuitBreakerConfig read_circuit_breaker(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::circuit_breaker);
  CircuitBreakerConfig c;
  if (const json* w = r.get("window")) {
    ObjectReader wr(ctx, w, r.path_of("window"), specs::window);
    c.window_kind = wr.enumeration("kind", Need::required, window_kinds).value_or(c.window_kind);
    if (c.window_kind != WindowKind::time)
      c.window_size = static_cast<int>(wr.integer("size", Need::required, Bounds::between(1, 1e6)).value_or(c.window_size));
    else
      c.window_s = wr.duration("size", Need::required, Bounds::above(0)).value_or(c.window_s);
  }
  c.failure_rate = r.number("failure_rate", Need::optional, {0, 1, true}).value_or(c.failure_rate);
  c.slow_call_rate = r.number("slow_call_rate", Need::optional, {0, 1, true}).value_or(c.slow_call_rate);
  c.slow_call_duration_s = r.duration("slow_call_duration", Need::optional, Bounds::above(0)).value_or(c.slow_call_duration_s);
  c.minimum_calls = static_cast<int>(r.integer("minimum_calls", Need::optional, Bounds::between(1, 1e6)).value_or(c.minimum_calls));
  if (const json* o = r.get("open_for"); o && o->is_object()) {
    ObjectReader orr(ctx, o, r.path_of("open_for"), specs::open_for);
    c.open_for_s = orr.duration("initial", Need::required, Bounds::above(0)).value_or(c.open_for_s);
    c.open_multiplier = orr.number("multiplier", Need::optional, Bounds::at_least(1))
                            .value_or(CircuitBreakerConfig::default_growing_open_multiplier);
    c.open_max_s = orr.duration("max", Need::optional, Bounds::above(0))
                       .value_or(c.open_for_s * CircuitBreakerConfig::default_growing_open_max_factor);
  } else if (auto fixed = r.duration("open_for", Need::optional, Bounds::above(0))) {
    c.open_for_s = c.open_max_s = *fixed;
  }
  if (c.window_kind == WindowKind::consecutive)
    for (const char* key : {"failure_rate", "slow_call_rate", "slow_call_duration", "minimum_calls"})
      r.forbid(key, "a consecutive window opens on its size's failures in a row, not on rates");
  const auto successes = r.integer("successes_to_close", Need::optional, Bounds::between(1, 1e6));
  if (successes) c.successes_to_close = static_cast<int>(*successes);
  // Unless told otherwise, half-open lets through the probes it needs to close.
  c.half_open_calls = static_cast<int>(
      r.integer("half_open_calls", Need::optional, Bounds::between(1, 1e6)).value_or(successes ? *successes : c.half_open_calls));
  // Rates judge nothing in a consecutive window, half-open's probes included:
  // any failure among them reopens it, as in Polly.
  if (c.window_kind == WindowKind::consecutive && !successes) c.successes_to_close = c.half_open_calls;
  if (c.successes_to_close > c.half_open_calls)
    r.error("successes_to_close", fmt::format("{} above half_open_calls ({}), expected at most as many successes as probes: it "
                                              "could never close", c.successes_to_close, c.half_open_calls));
  if (r.has("record")) read_outcomes(r, "record", c.record, c.record_client_errors);
  return c;
}

BulkheadConfig read_bulkhead(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::bulkhead);
  BulkheadConfig c;
  c.max_concurrent = static_cast<int>(r.integer("max_concurrent", Need::required, Bounds::between(1, 1e9)).value_or(c.max_concurrent));
  c.max_queue = static_cast<int>(r.integer("max_queue", Need::optional, Bounds::between(0, 1e9)).value_or(c.max_queue));
  c.max_wait_s = r.duration("max_wait", Need::optional).value_or(c.max_wait_s);
  return c;
}

}  // namespace

RateLimiterConfig read_rate_limiter(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::rate_limiter);
  RateLimiterConfig c;
  c.kind = r.enumeration("kind", Need::required, limiter_kinds).value_or(c.kind);
  // Each kind's keys, and what the others' would say.
  switch (c.kind) {
    case RateLimiterKind::token_bucket:
      for (const char* key : {"limit", "window", "capacity"}) r.forbid(key, "a token bucket has \"rate\" and \"burst\"");
      c.rate_per_s = r.rate("rate", Need::required).value_or(c.rate_per_s);
      c.burst = static_cast<int>(r.integer("burst", Need::optional, Bounds::between(1, 1e9)).value_or(c.burst));
      break;
    case RateLimiterKind::leaky_bucket:
      for (const char* key : {"limit", "window", "burst"})
        r.forbid(key, "a leaky bucket has \"rate\" (its drain) and \"capacity\" (the calls it holds waiting)");
      c.rate_per_s = r.rate("rate", Need::required).value_or(c.rate_per_s);
      c.capacity = static_cast<int>(r.integer("capacity", Need::required, Bounds::between(0, 1e9)).value_or(c.capacity));
      break;
    case RateLimiterKind::sliding_window:
    case RateLimiterKind::sliding_window_counter:
      for (const char* key : {"rate", "burst", "capacity"}) r.forbid(key, "a sliding window has \"limit\" and \"window\"");
      c.limit = static_cast<int>(r.integer("limit", Need::required, Bounds::between(1, 1e9)).value_or(c.limit));
      c.window_s = r.duration("window", Need::required, Bounds::above(0)).value_or(c.window_s);
      break;
  }
  return c;
}

namespace {

FallbackEntry read_fallback_entry(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::fallback_entry);
  FallbackEntry e;
  const int kinds = r.has("service") + r.has("cache") + r.has("value");
  if (r.valid() && kinds != 1)
    ctx.error(path, fmt::format("found {} alternatives in one entry, expected exactly one of \"service\", \"cache\", \"value\"", kinds));
  if (auto s = r.string("service", Need::optional)) {
    e.kind = FallbackKind::service;
    e.service = *s;
    e.endpoint = r.string("endpoint", Need::optional);
    e.pipeline = r.string("pipeline", Need::optional);
  } else if (const json* c = r.get("cache")) {
    e.kind = FallbackKind::cache;
    ObjectReader cr(ctx, c, r.path_of("cache"), specs::cache);
    e.cache_ttl_s = cr.duration("ttl", Need::required, Bounds::above(0)).value_or(1);
    e.serve_stale_on_error = cr.boolean("serve_stale_on_error", Need::optional).value_or(false);
  } else if (const json* v = r.get("value")) {
    e.kind = FallbackKind::value;
    e.value = v->is_string() ? v->get<std::string>() : v->dump();
  }
  if (e.kind != FallbackKind::service) {
    r.forbid("pipeline", "only a fallback to a service makes a call a pipeline can act on");
    r.forbid("endpoint", "only a fallback to a service calls an endpoint");
  }
  return e;
}

FallbackConfig read_fallback(LoadContext& ctx, const json* node, const JsonPath& path) {
  FallbackConfig c;
  if (node->is_array()) {
    if (node->empty()) ctx.error(path, "found an empty array, expected at least one fallback entry");
    for_each_element(ctx, node, path, [&](const json& e, const JsonPath& at) { c.chain.push_back(read_fallback_entry(ctx, e, at)); });
  } else {
    c.chain.push_back(read_fallback_entry(ctx, *node, path));
  }
  return c;
}

HedgeConfig read_hedge(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::hedge);
  HedgeConfig c;
  c.after_s = r.duration("after", Need::required).value_or(c.after_s);
  c.max_hedges = static_cast<int>(r.integer("max_hedges", Need::optional, Bounds::between(1, 100)).value_or(c.max_hedges));
  return c;
}

HealthCheckConfig read_health_check(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::health_check);
  HealthCheckConfig c;
  c.interval_s = r.duration("interval", Need::required, Bounds::above(0)).value_or(c.interval_s);
  c.timeout_s = r.duration("timeout", Need::required, Bounds::above(0)).value_or(c.timeout_s);
  c.unhealthy_after = static_cast<int>(r.integer("unhealthy_after", Need::optional, Bounds::between(1, 1000)).value_or(c.unhealthy_after));
  c.healthy_after = static_cast<int>(r.integer("healthy_after", Need::optional, Bounds::between(1, 1000)).value_or(c.healthy_after));
  static const EnumTable<ProbeServing> servings{{"dedicated", ProbeServing::dedicated}, {"shared", ProbeServing::shared}};
  c.probe = r.enumeration("probe", Need::optional, servings).value_or(c.probe);
  return c;
}

// The patterns whose JSON has a shape of its own (alternatives, nested
// objects, arrays) have a reader of their own; the others are read from the
// fields they describe (pattern_fields.hpp). Either way, once every key has
// its type, the config's own validate() judges the rest.
FallbackConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const FallbackConfig*) { return read_fallback(c, n, p); }
RetryConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const RetryConfig*) { return read_retry(c, n, p); }
CircuitBreakerConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const CircuitBreakerConfig*) { return read_circuit_breaker(c, n, p); }
RateLimiterConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const RateLimiterConfig*) { return read_rate_limiter(c, n, p); }
TimeoutConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const TimeoutConfig*) { return read_timeout(c, n, p); }
BulkheadConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const BulkheadConfig*) { return read_bulkhead(c, n, p); }
HedgeConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const HedgeConfig*) { return read_hedge(c, n, p); }
HealthCheckConfig read_own(LoadContext& c, const json* n, const JsonPath& p, const HealthCheckConfig*) { return read_health_check(c, n, p); }

template <class Config>
void read_config(LoadContext& ctx, const json* node, const JsonPath& path, std::string_view name, std::optional<Config>& out) {
  if constexpr (DescribedConfig<Config>) {
    out = read_described<Config>(ctx, node, path, name);
  } else {
    const std::size_t errors_before = ctx.error_count();
    out = read_own(ctx, node, path, static_cast<const Config*>(nullptr));
    if (ctx.error_count() == errors_before) report_problems(ctx, path, validate(*out));
  }
}

}  // namespace

PipelineConfig read_pipeline(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::pipeline);
  PipelineConfig p;
#define CHAOSSIM_READ(name, Config, role) \
  if (const json* v = r.get(#name)) read_config(ctx, v, r.path_of(#name), #name, p.name);
  CHAOSSIM_PATTERNS(CHAOSSIM_READ)
#undef CHAOSSIM_READ
  if (const json* order = r.get("order")) {
    if (!order->is_array()) {
      r.error("order", describe(*order) + ", expected an array of pattern names, outermost first");
      return p;
    }
    static const EnumTable<PatternKind> table = enum_table<PatternKind>(pattern_names);
    p.order.clear();
    for_each_element(ctx, order, r.path_of("order"), [&](const json& item, const JsonPath& at) {
      const std::string text = item.is_string() ? item.get<std::string>() : std::string();
      auto found = std::find_if(table.begin(), table.end(), [&](const auto& e) { return e.first == text; });
      if (found == table.end()) {
        ctx.error(at, fmt::format("{}, expected a pattern name: {}{}", describe(item), ObjectReader::choices(table),
                                  did_you_mean(text, ObjectReader::names(table))));
      } else if (std::find(p.order.begin(), p.order.end(), found->second) != p.order.end()) {
        ctx.error(at, fmt::format("\"{}\" appears twice, expected each pattern at most once", text));
      } else {
        p.order.push_back(found->second);
      }
    });
    for (const auto& [name, kind] : table)
      if (r.has(name) && std::find(p.order.begin(), p.order.end(), kind) == p.order.end())
        r.error("order", fmt::format("pattern \"{}\" is configured but missing from \"order\"", name));
  }
  return p;
}

std::map<std::string, PipelineConfig> read_pipelines(LoadContext& ctx, const json* node, const JsonPath& path) {
  std::map<std::string, PipelineConfig> out;
  if (node == nullptr) return out;
  if (!node->is_object()) {
    ctx.error(path, describe(*node) + ", expected an object of named pipelines");
    return out;
  }
  for (const auto& [name, body] : node->items()) out.emplace(name, read_pipeline(ctx, body, path / name));
  return out;
}

}  // namespace chaossim::scenarios
