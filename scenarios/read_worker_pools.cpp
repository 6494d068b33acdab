#include <limits>

#include <fmt/format.h>

#include "scenarios/pattern_fields.hpp"
#include "scenarios/readers.hpp"

namespace chaossim::scenarios {

patterns::WorkerPoolConfig read_worker_pool(ObjectReader& r) {
  patterns::WorkerPoolConfig pool;
  pool.name = r.name("name").value_or("?");
  pool.capacity = static_cast<int>(r.integer("capacity", Need::required, Bounds::between(1, 1e6)).value_or(1));
  pool.reserved = static_cast<int>(r.integer("reserved", Need::optional, Bounds::between(0, 1e6)).value_or(pool.capacity));
  pool.max_borrow =
      static_cast<int>(r.integer("max_borrow", Need::optional, Bounds::between(0, 1e6)).value_or(pool.capacity - pool.reserved));
  pool.max_queue = static_cast<int>(r.integer("max_queue", Need::optional, Bounds::between(0, 1e9)).value_or(0));
  pool.max_wait_s = r.duration("max_wait", Need::optional, Bounds::above(0)).value_or(std::numeric_limits<double>::infinity());
  return pool;
}

void read_worker_pools(LoadContext& ctx, const json& node, const JsonPath& path, Service& s) {
  ObjectReader r(ctx, &node, path, specs::worker_pools);
  const std::size_t errors_before = ctx.error_count();
  patterns::WorkerPoolsConfig c;
  c.flex = static_cast<int>(r.integer("flex", Need::optional, Bounds::between(0, 1e6)).value_or(0));
  s.pool_of_endpoint.assign(s.endpoints.size(), -1);
  if (!s.has_named_endpoints()) r.error("pools", "a service without endpoints, expected \"endpoints\" for the pools to split its workers between");
  r.require("pools", "an array of pools");
  for_each_element(ctx, r.get("pools"), r.path_of("pools"), [&](const json& element, const JsonPath& at) {
    ObjectReader pr(ctx, &element, at, specs::worker_pool);
    patterns::WorkerPoolConfig pool = read_worker_pool(pr);
    const int index = static_cast<int>(c.pools.size());
    pr.require("endpoints", "an array of the service's endpoint names");
    for_each_element(ctx, pr.get("endpoints"), pr.path_of("endpoints"), [&](const json& e, const JsonPath& e_at) {
      const std::string name = e.is_string() ? e.get<std::string>() : std::string();
      const int endpoint = s.endpoint_index(name);
      if (name.empty() || endpoint < 0 || !s.has_named_endpoints()) {
        ctx.error(e_at, fmt::format("{}, expected the name of one of service \"{}\"'s endpoints", describe(e), s.name));
      } else if (s.pool_of_endpoint[static_cast<std::size_t>(endpoint)] >= 0) {
        ctx.error(e_at, fmt::format("\"{}\" again, expected each endpoint in one pool (it is in \"{}\")", name,
                                    c.pools[static_cast<std::size_t>(s.pool_of_endpoint[static_cast<std::size_t>(endpoint)])].name));
      } else {
        s.pool_of_endpoint[static_cast<std::size_t>(endpoint)] = index;
      }
    });
    c.pools.push_back(std::move(pool));
  });
  if (ctx.error_count() != errors_before) return;
  for (std::size_t e = 0; e < s.endpoints.size(); ++e)
    if (s.pool_of_endpoint[e] < 0)
      r.error("pools", fmt::format("no pool for endpoint \"{}\", expected every endpoint in one pool", s.endpoints[e].name));
  if (ctx.error_count() == errors_before) report_problems(ctx, path, patterns::validate(c));
  if (ctx.error_count() == errors_before) s.worker_pools = std::move(c);
}

}  // namespace chaossim::scenarios
