#include "tools/grading/protocol_config.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "patterns/cache.hpp"

namespace chaossim::grading {
namespace {

using patterns::Outcome;

#define CHAOSSIM_STUDENT_NAME(name, ClassName) std::string_view{#name},
constexpr std::array pattern_names{CHAOSSIM_STUDENT_PATTERNS(CHAOSSIM_STUDENT_NAME)};
#undef CHAOSSIM_STUDENT_NAME
#define CHAOSSIM_STUDENT_CLASS(name, ClassName) std::string_view{#ClassName},
constexpr std::array class_names{CHAOSSIM_STUDENT_PATTERNS(CHAOSSIM_STUDENT_CLASS)};
#undef CHAOSSIM_STUDENT_CLASS
using patterns::name_in;

// Names come from patterns/ (enum_names.hpp), as the scenario loader's do.
template <class Enum, std::size_t N>
Enum enum_named(const std::array<std::string_view, N>& names, const std::string& name, std::string_view what) {
  if (auto value = patterns::named<Enum>(names, name)) return *value;
  throw std::invalid_argument("unknown " + std::string(what) + " \"" + name + "\"");
}

// A config the protocol carries obeys the same rules as one a scenario gives.
template <class Config>
Config checked(Config config, std::string_view what) {
  const auto problems = validate(config);
  if (!problems.empty()) throw std::invalid_argument("invalid " + std::string(what) + " config: " + patterns::describe(problems));
  return config;
}

}  // namespace

std::string_view name_of(StudentPattern pattern) { return name_in(pattern_names, pattern); }
std::string_view class_name_of(StudentPattern pattern) { return name_in(class_names, pattern); }
std::optional<StudentPattern> student_pattern_named(std::string_view name) {
  for (std::size_t i = 0; i < pattern_names.size(); ++i)
    if (pattern_names[i] == name) return static_cast<StudentPattern>(i);
  return std::nullopt;
}

std::string_view outcome_name(Outcome outcome) { return patterns::name_of(outcome); }
std::optional<Outcome> outcome_named(std::string_view name) { return patterns::named<Outcome>(patterns::outcome_names, name); }
std::string_view circuit_state_name(patterns::CircuitState state) { return patterns::name_of(state); }
std::string_view admission_name(patterns::Admission admission) { return name_in(patterns::admission_names, admission); }
std::optional<patterns::Admission> admission_named(std::string_view name) {
  return patterns::named<patterns::Admission>(patterns::admission_names, name);
}
std::optional<patterns::CircuitState> circuit_state_named(std::string_view name) {
  return patterns::named<patterns::CircuitState>(patterns::circuit_state_names, name);
}

json to_json(const patterns::CircuitBreakerConfig& c) {
  json j = {{"window_kind", name_in(patterns::window_kind_names, c.window_kind)},
          {"window_size", c.window_size},
          {"window_s", c.window_s},
          {"failure_rate", c.failure_rate},
          {"slow_call_rate", c.slow_call_rate},
          {"slow_call_duration_s", c.slow_call_duration_s},
          {"minimum_calls", c.minimum_calls},
          {"open_for_s", c.open_for_s},
          {"open_multiplier", c.open_multiplier},
          {"open_max_s", c.open_max_s},
          {"half_open_calls", c.half_open_calls}};
  // Only when set: a submission written before it sees the messages it knew.
  if (c.successes_to_close > 0) j["successes_to_close"] = c.successes_to_close;
  return j;
}

patterns::CircuitBreakerConfig circuit_breaker_config(const json& j) {
  patterns::CircuitBreakerConfig c;
  c.window_kind = enum_named<patterns::WindowKind>(patterns::window_kind_names, j.value("window_kind", std::string(name_in(patterns::window_kind_names, c.window_kind))), "window_kind");
  c.window_size = j.value("window_size", c.window_size);
  c.window_s = j.value("window_s", c.window_s);
  c.failure_rate = j.value("failure_rate", c.failure_rate);
  c.slow_call_rate = j.value("slow_call_rate", c.slow_call_rate);
  c.slow_call_duration_s = j.value("slow_call_duration_s", c.slow_call_duration_s);
  c.minimum_calls = j.value("minimum_calls", c.minimum_calls);
  c.open_for_s = j.value("open_for_s", c.open_for_s);
  c.open_multiplier = j.value("open_multiplier", c.open_multiplier);
  // Unset, the cap is the initial duration: the open period does not grow.
  c.open_max_s = j.value("open_max_s", c.open_for_s);
  c.half_open_calls = j.value("half_open_calls", c.half_open_calls);
  c.successes_to_close = j.value("successes_to_close", c.successes_to_close);
  return checked(c, "circuit_breaker");
}

json to_json(const patterns::RetryConfig& c) {
  json retry_on = json::array();
  for (Outcome o : c.retry_on) retry_on.push_back(outcome_name(o));
  json j = {{"max_attempts", c.max_attempts},
          {"backoff",
           {{"kind", name_in(patterns::backoff_kind_names, c.backoff.kind)},
            {"initial_s", c.backoff.initial_s},
            {"multiplier", c.backoff.multiplier},
            {"max_s", c.backoff.max_s}}},
          {"jitter", name_in(patterns::jitter_names, c.jitter)},
          {"retry_on", retry_on}};
  if (c.jitter == patterns::Jitter::proportional) j["jitter_fraction"] = c.jitter_fraction;
  return j;
}

patterns::RetryConfig retry_config(const json& j) {
  patterns::RetryConfig c;
  c.max_attempts = j.value("max_attempts", c.max_attempts);
  if (j.contains("backoff")) {
    const json& b = j.at("backoff");
    c.backoff.kind = enum_named<patterns::BackoffKind>(patterns::backoff_kind_names, b.value("kind", std::string(name_in(patterns::backoff_kind_names, c.backoff.kind))), "backoff kind");
    c.backoff.initial_s = b.value("initial_s", c.backoff.initial_s);
    c.backoff.multiplier = b.value("multiplier", c.backoff.multiplier);
    c.backoff.max_s = b.value("max_s", c.backoff.max_s);
  }
  c.jitter = enum_named<patterns::Jitter>(patterns::jitter_names, j.value("jitter", std::string(name_in(patterns::jitter_names, c.jitter))), "jitter");
  c.jitter_fraction = j.value("jitter_fraction", c.jitter_fraction);
  if (j.contains("retry_on")) {
    c.retry_on.clear();
    for (const auto& name : j.at("retry_on")) {
      const auto outcome = outcome_named(name.get<std::string>());
      if (!outcome) throw std::invalid_argument("unknown outcome \"" + name.get<std::string>() + "\"");
      c.retry_on.push_back(*outcome);
    }
  }
  return checked(c, "retry");
}

json to_json(const patterns::RetryBudgetConfig& c) { return {{"ratio", c.ratio}, {"min_per_second", c.min_per_second}}; }

patterns::RetryBudgetConfig retry_budget_config(const json& j) {
  patterns::RetryBudgetConfig c;
  c.ratio = j.value("ratio", c.ratio);
  c.min_per_second = j.value("min_per_second", c.min_per_second);
  return c;
}

json to_json(const patterns::TimeoutConfig& c) {
  json j = {{"after_s", c.after_s}, {"adaptive", nullptr}};
  if (c.adaptive)
    j["adaptive"] = {{"quantile", c.adaptive->quantile},
                     {"multiplier", c.adaptive->multiplier},
                     {"min_s", c.adaptive->min_s},
                     {"max_s", c.adaptive->max_s},
                     {"initial_s", c.adaptive->initial()}};
  return j;
}

patterns::TimeoutConfig timeout_config(const json& j) {
  patterns::TimeoutConfig c;
  c.after_s = j.value("after_s", c.after_s);
  if (j.contains("adaptive") && !j.at("adaptive").is_null()) {
    const json& a = j.at("adaptive");
    patterns::AdaptiveTimeoutConfig adaptive;
    adaptive.quantile = a.value("quantile", adaptive.quantile);
    adaptive.multiplier = a.value("multiplier", adaptive.multiplier);
    adaptive.min_s = a.value("min_s", adaptive.min_s);
    adaptive.max_s = a.value("max_s", adaptive.max_s);
    if (a.contains("initial_s")) adaptive.initial_s = a.at("initial_s").get<double>();
    c.adaptive = adaptive;
  }
  return checked(c, "timeout");
}

json to_json(const patterns::BulkheadConfig& c) {
  return {{"max_concurrent", c.max_concurrent}, {"max_queue", c.max_queue}, {"max_wait_s", c.max_wait_s}};
}

patterns::BulkheadConfig bulkhead_config(const json& j) {
  patterns::BulkheadConfig c;
  c.max_concurrent = j.value("max_concurrent", c.max_concurrent);
  c.max_queue = j.value("max_queue", c.max_queue);
  c.max_wait_s = j.value("max_wait_s", c.max_wait_s);
  return checked(c, "bulkhead");
}

json to_json(const patterns::AdaptiveThrottlingConfig& c) { return {{"k", c.k}, {"window_s", c.window_s}}; }

patterns::AdaptiveThrottlingConfig adaptive_throttling_config(const json& j) {
  patterns::AdaptiveThrottlingConfig c;
  c.k = j.value("k", c.k);
  c.window_s = j.value("window_s", c.window_s);
  return checked(c, "adaptive_throttling");
}

json to_json(const patterns::WorkerPoolsConfig& c) {
  json pools = json::array();
  for (const auto& p : c.pools)
    pools.push_back({{"name", p.name}, {"capacity", p.capacity}, {"reserved", p.reserved}, {"max_borrow", p.max_borrow},
                     {"max_queue", p.max_queue}, {"max_wait_s", std::isfinite(p.max_wait_s) ? json(p.max_wait_s) : json(nullptr)}});
  return {{"flex", c.flex}, {"pools", pools}};
}

patterns::WorkerPoolsConfig worker_pools_config(const json& j) {
  patterns::WorkerPoolsConfig c;
  c.flex = j.value("flex", c.flex);
  for (const auto& p : j.value("pools", json::array())) {
    patterns::WorkerPoolConfig pool;
    pool.name = p.value("name", std::string("pool") + std::to_string(c.pools.size()));
    pool.capacity = p.value("capacity", pool.capacity);
    pool.reserved = p.value("reserved", pool.capacity);
    pool.max_borrow = p.value("max_borrow", pool.capacity - pool.reserved);
    pool.max_queue = p.value("max_queue", pool.max_queue);
    const json wait = p.value("max_wait_s", json(nullptr));
    pool.max_wait_s = wait.is_null() ? std::numeric_limits<double>::infinity() : wait.get<double>();
    c.pools.push_back(std::move(pool));
  }
  // The default configuration (hello asks for one): a pool of one worker.
  if (c.pools.empty()) c.pools.push_back({"pool0", 1, 1, 0, 0, std::numeric_limits<double>::infinity()});
  return checked(c, "worker_pools");
}

std::optional<patterns::PoolSlot> pool_slot_named(std::string_view name) {
  for (auto slot : {patterns::PoolSlot::reserved, patterns::PoolSlot::borrowed})
    if (patterns::name_of(slot) == name) return slot;
  return std::nullopt;
}

json to_json(const patterns::HealthCheckConfig& c, int instances) {
  return {{"interval_s", c.interval_s},           {"timeout_s", c.timeout_s},
          {"unhealthy_after", c.unhealthy_after}, {"healthy_after", c.healthy_after},
          {"instances", instances}};
}

patterns::HealthCheckConfig health_check_config(const json& j) {
  patterns::HealthCheckConfig c;
  c.interval_s = j.value("interval_s", c.interval_s);
  c.timeout_s = j.value("timeout_s", c.timeout_s);
  c.unhealthy_after = j.value("unhealthy_after", c.unhealthy_after);
  c.healthy_after = j.value("healthy_after", c.healthy_after);
  return checked(c, "health_check");
}

int health_check_instances(const json& j) { return j.value("instances", 1); }

json to_json(const patterns::FallbackConfig& c) {
  json chain = json::array();
  for (const auto& e : c.chain)
    chain.push_back({{"kind", name_in(patterns::fallback_kind_names, e.kind)},
                     {"service", e.service},
                     {"cache_ttl_s", e.cache_ttl_s},
                     {"serve_stale_on_error", e.serve_stale_on_error},
                     {"value", e.value}});
  return {{"chain", chain}};
}

patterns::FallbackConfig fallback_config(const json& j) {
  patterns::FallbackConfig c;
  for (const auto& e : j.at("chain")) {
    patterns::FallbackEntry entry;
    entry.kind = enum_named<patterns::FallbackKind>(
        patterns::fallback_kind_names, e.value("kind", std::string(name_in(patterns::fallback_kind_names, entry.kind))), "fallback kind");
    entry.service = e.value("service", entry.service);
    entry.cache_ttl_s = e.value("cache_ttl_s", entry.cache_ttl_s);
    entry.serve_stale_on_error = e.value("serve_stale_on_error", entry.serve_stale_on_error);
    entry.value = e.value("value", entry.value);
    c.chain.push_back(entry);
  }
  return checked(c, "fallback");
}

std::size_t cache_capacity(const json& j) { return j.value("capacity", patterns::ReferenceCache::default_capacity); }

}  // namespace chaossim::grading
