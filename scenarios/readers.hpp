#pragma once
// The loader's parts, one per section of the format. Each reads what it can
// and reports the rest to the LoadContext; cross-references are checked after
// everything is read (check_references). Private to scenarios/
// (tests/layers_test.py): object_reader.hpp and read_pipeline.hpp are the
// reading API for other layers.
#include "scenarios/object_reader.hpp"
#include "scenarios/read_pipeline.hpp"
#include "scenarios/scenario.hpp"

namespace chaossim::scenarios {

// A distribution of durations, `dist` and the keys of its kind.
Distribution read_distribution(LoadContext& ctx, const json& node, const JsonPath& path);
// A call's or a client's `request_bytes` and `response_bytes`.
void read_message_sizes(ObjectReader& r, std::optional<std::uint64_t>& request, std::optional<std::uint64_t>& response);
// A call's or a client's `connections`, when it has them.
void read_connections(ObjectReader& r, std::optional<Connections>& out);
Network read_network(LoadContext& ctx, const json* node, const JsonPath& path);
// A service's balancer, view, weights, slow start and zones.
void read_balancing(LoadContext& ctx, ObjectReader& r, Service& s);
Autoscaling read_autoscaling(LoadContext& ctx, const json& node, const JsonPath& path);
// How an instance starts, after a crash (an autoscaled launch's is in its autoscaling).
Restart read_restart(LoadContext& ctx, const json& node, const JsonPath& path);
// A service's or an endpoint's load shedding (validated).
patterns::AdmissionConfig read_admission(LoadContext& ctx, const json& node, const JsonPath& path);
// A service's worker pools, once its endpoints are read: into s.worker_pools
// and s.pool_of_endpoint, with s.workers to match (validated).
void read_worker_pools(LoadContext& ctx, const json& node, const JsonPath& path, Service& s);
// A rate limiter, in a pipeline or in an admission (not validated).
patterns::RateLimiterConfig read_rate_limiter(LoadContext& ctx, const json* node, const JsonPath& path);
std::vector<Service> read_services(LoadContext& ctx, const json* node, const JsonPath& path);
Arrival read_arrival(LoadContext& ctx, const json* node, const JsonPath& path);
std::vector<Client> read_clients(LoadContext& ctx, const json* node, const JsonPath& path);
std::map<std::string, patterns::PipelineConfig> read_pipelines(LoadContext& ctx, const json* node, const JsonPath& path);
std::vector<Fault> read_faults(LoadContext& ctx, const json* node, const JsonPath& path);
std::optional<Slo> read_slo(LoadContext& ctx, const json* node, const JsonPath& path);

// Dangling references, duplicate names and cycles in the call graph.
void check_references(LoadContext& ctx, const Scenario& scenario, const json& document);

}  // namespace chaossim::scenarios
