#include "scenarios/object_specs.hpp"

#include <algorithm>

#include "patterns/pipeline_config.hpp"
#include "scenarios/fault.hpp"
#include "scenarios/pattern_fields.hpp"

namespace chaossim::scenarios::specs {

const ObjectSpec scenario{"scenario",
                          {"schema", "name", "description", "seed", "duration", "warmup", "replications", "bucket",
                           "network", "services", "clients", "pipelines", "faults", "slo", "variants"}};
const ObjectSpec network{"network", {"model", "latency", "bandwidth", "message_bytes", "transport_timeout", "loss", "min_rto",
                                      "retransmissions"}};
const ObjectSpec service{"service",
                         {"name", "kind", "instances", "workers", "cores", "scalability", "gc", "restart", "local_cache", "concurrency", "max_in_flight", "queue", "discipline",
                          "service_time", "errors", "balancer", "balancer_view", "weights", "slow_start", "calls", "endpoints", "capacity",
                          "visibility_timeout", "max_deliveries", "consumers", "autoscaling", "zones", "prefer_same_zone", "admission", "priority",
                          "worker_pools"}};
const ObjectSpec scalability{"scalability", {"contention", "coherency"}};
const ObjectSpec gc{"gc", {"interval", "pause", "pause_per_request"}};
const ObjectSpec slow_start{"slow_start", {"window", "aggression", "min_weight_percent"}};
const ObjectSpec worker_pools{"worker_pools", {"flex", "pools"}};
const ObjectSpec worker_pool{"worker_pool", {"name", "endpoints", "capacity", "reserved", "max_borrow", "max_queue", "max_wait"}};
const ObjectSpec autoscaling{"autoscaling",
                             {"target_utilization", "target_queue_length", "min_instances", "max_instances", "evaluation_period",
                              "tolerance", "scale_up_step", "scale_down_step", "cooldown", "startup_delay", "cold_start"}};
const ObjectSpec cold_start{"cold_start", {"duration", "slowdown"}};
const ObjectSpec service_restart{"service_restart", {"startup", "warmup"}};
const ObjectSpec warmup{"warmup", {"duration", "slowdown"}};
const ObjectSpec local_cache{"local_cache", {"capacity", "ttl"}};
const ObjectSpec consumer{"consumer", {"service", "endpoint", "concurrency", "poll_interval"}};
const ObjectSpec endpoint{"endpoint", {"name", "service_time", "errors", "calls", "admission", "priority"}};
const ObjectSpec distribution{"distribution", {"dist", "value", "mean", "median", "p99", "min", "max"}};
const ObjectSpec call{"call",
                      {"service", "endpoint", "pipeline", "optional", "probability", "repeat", "parallel", "quorum", "weight",
                       "propagate_deadline", "cancel_on_timeout", "request_bytes", "response_bytes", "connections"}};
const ObjectSpec connections{"connections",
                             {"protocol", "size", "max_streams", "max_pending", "connect_timeout", "handshake_rtts", "handshake_cpu"}};
const ObjectSpec branch{"branch", {"one_of"}};
const ObjectSpec error_rates{"error_rates", {"server", "client"}};
const ObjectSpec client{"client",
                        {"name", "target", "endpoint", "pipeline", "zone", "arrival", "deadline", "keys", "propagate_deadline", "cancel_on_timeout",
                         "priority", "request_bytes", "response_bytes", "connections"}};
const ObjectSpec arrival{"arrival", {"process", "rate", "users", "think", "ramp", "profile", "bursts"}};
const ObjectSpec ramp_point{"ramp_point", {"at", "rate"}};
const ObjectSpec rate_profile{"rate_profile", {"points", "file", "interpolation", "period"}};
const ObjectSpec burst{"burst", {"at", "requests"}};
const ObjectSpec keys{"keys", {"count", "zipf"}};

// "order", and a key per pattern (pattern_list.hpp).
const ObjectSpec pipeline{"pipeline", [] {
                            std::vector<std::string_view> keys{"order"};
                            keys.insert(keys.end(), patterns::pattern_names.begin(), patterns::pattern_names.end());
                            return keys;
                          }()};
const ObjectSpec timeout{"timeout", {"after", "adaptive"}};
const ObjectSpec adaptive_timeout{"adaptive_timeout", {"quantile", "multiplier", "min", "max", "initial"}};
const ObjectSpec jitter{"jitter", {"kind", "fraction"}};
const ObjectSpec retry{"retry", {"max_attempts", "backoff", "jitter", "retry_on", "honour_retry_after", "budget"}};
const ObjectSpec backoff{"backoff", {"kind", "initial", "multiplier", "max"}};
const ObjectSpec retry_budget{"retry_budget", {"ratio", "min_per_second"}};
const ObjectSpec circuit_breaker{"circuit_breaker",
                                 {"window", "failure_rate", "slow_call_rate", "slow_call_duration", "minimum_calls",
                                  "open_for", "half_open_calls", "successes_to_close", "record"}};
const ObjectSpec window{"window", {"kind", "size"}};
const ObjectSpec open_for{"open_for", {"initial", "multiplier", "max"}};
const ObjectSpec bulkhead{"bulkhead", {"max_concurrent", "max_queue", "max_wait"}};
const ObjectSpec rate_limiter{"rate_limiter", {"kind", "rate", "burst", "limit", "window", "capacity"}};
const ObjectSpec admission{"admission", {"rate_limit", "max_concurrent", "queue_delay", "retry_after", "priority_shares"}};
const ObjectSpec priority_shares{"priority_shares", {"critical_plus", "critical", "sheddable_plus", "sheddable"}};
const ObjectSpec queue_delay{"queue_delay", {"target", "interval"}};
const ObjectSpec fallback_entry{"fallback_entry", {"service", "endpoint", "pipeline", "cache", "value"}};
const ObjectSpec cache{"cache", {"ttl", "serve_stale_on_error"}};
const ObjectSpec hedge{"hedge", {"after", "max_hedges"}};
const ObjectSpec health_check{"health_check", {"interval", "timeout", "unhealthy_after", "healthy_after", "probe"}};

// kind, at and for, then each kind's own keys (fault_list.hpp), once each.
const ObjectSpec fault{"fault", [] {
  std::vector<std::string_view> keys{"kind", "at", "for", "schedule"};
  for (std::size_t k = 0; k < fault_kind_names.size(); ++k)
    for (auto key : fault_keys(static_cast<FaultKind>(k)).keys)
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  return keys;
}()};
const ObjectSpec schedule{"schedule", {"every", "random", "rate", "count", "until", "duration", "blast_radius"}};
const ObjectSpec blast_radius{"blast_radius", {"instances", "fraction", "zone"}};
const ObjectSpec slo{"slo", {"client", "availability", "latency", "recovery"}};
const ObjectSpec slo_latency{"slo_latency", {"p50", "p90", "p95", "p99", "p999"}};

}  // namespace chaossim::scenarios::specs

namespace chaossim::scenarios {

namespace {
template <class Config>
void add_if_described(std::vector<const ObjectSpec*>& specs, std::string_view name) {
  if constexpr (DescribedConfig<Config>) specs.push_back(&described_spec<Config>(name));
}
}  // namespace

const std::vector<const ObjectSpec*>& all_object_specs() {
  using namespace specs;
  static const std::vector<const ObjectSpec*> all = [] {
    std::vector<const ObjectSpec*> specs{
        &scenario, &network,  &service, &scalability, &gc, &slow_start, &autoscaling, &cold_start, &service_restart, &warmup, &local_cache, &consumer, &endpoint, &distribution, &call, &connections,      &client,          &arrival,
        &branch, &error_rates, &ramp_point, &rate_profile, &burst, &keys,   &pipeline,      &timeout,      &adaptive_timeout, &retry,    &backoff, &jitter,
        &retry_budget, &circuit_breaker, &window, &open_for, &bulkhead,  &rate_limiter,  &admission, &queue_delay, &priority_shares, &worker_pools, &worker_pool,  &fallback_entry,
        &cache,    &hedge,    &health_check,  &fault, &schedule, &blast_radius, &slo,                   &slo_latency};
    // Patterns read from the fields they describe have generated specs.
#define CHAOSSIM_DESCRIBED_SPEC(name, Config, role) \
    add_if_described<patterns::Config>(specs, #name);
    CHAOSSIM_PATTERNS(CHAOSSIM_DESCRIBED_SPEC)
#undef CHAOSSIM_DESCRIBED_SPEC
    // So do the objects inside a fault (a degradation's speed).
    static std::vector<ObjectSpec> fault_objects;
    for (std::size_t k = 0; k < fault_kind_names.size(); ++k)
      for (auto& object : fault_keys(static_cast<FaultKind>(k)).objects)
        fault_objects.push_back(ObjectSpec{object.key, std::move(object.keys)});
    for (const auto& spec : fault_objects) specs.push_back(&spec);
    return specs;
  }();
  return all;
}

}  // namespace chaossim::scenarios
