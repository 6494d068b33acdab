#pragma once
// The keys each kind of object in a scenario may hold. The loader rejects any
// other key (with a did-you-mean), and a test checks that the JSON Schema
// (schema/scenario-v1.schema.json) describes exactly these keys under
// "$defs/<name>".
#include <string_view>
#include <vector>

namespace chaossim::scenarios {

struct ObjectSpec {
  std::string_view name;  // the schema's $defs entry
  std::vector<std::string_view> keys;
};

namespace specs {
extern const ObjectSpec scenario, network, service, scalability, gc, slow_start, autoscaling, cold_start, service_restart, warmup, local_cache, consumer, endpoint, distribution, call, connections, branch, error_rates, client, arrival, ramp_point, rate_profile, burst, keys;
extern const ObjectSpec pipeline, timeout, adaptive_timeout, retry, backoff, jitter, retry_budget, circuit_breaker,
    window, open_for, bulkhead, rate_limiter, admission, queue_delay, priority_shares, worker_pools, worker_pool, fallback_entry, cache, hedge, health_check;
extern const ObjectSpec fault, schedule, blast_radius, slo, slo_latency;
}  // namespace specs

const std::vector<const ObjectSpec*>& all_object_specs();

}  // namespace chaossim::scenarios
