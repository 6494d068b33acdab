#include <fmt/format.h>

#include "scenarios/readers.hpp"

namespace chaossim::scenarios {

Autoscaling read_autoscaling(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::autoscaling);
  Autoscaling a;
  const bool by_utilization = r.has("target_utilization"), by_queue = r.has("target_queue_length");
  if (by_utilization == by_queue) {
    ctx.error(path, "expected exactly one of \"target_utilization\" (busy workers over workers, in (0, 1]) or "
                    "\"target_queue_length\" (requests waiting per instance)");
  } else if (by_utilization) {
    a.target = r.number("target_utilization", Need::required, {0, 1, true}).value_or(a.target);
  } else {
    a.metric = ScalingMetric::queue_length;
    a.target = r.number("target_queue_length", Need::required, Bounds::above(0)).value_or(1);
  }
  a.min_instances = static_cast<int>(r.integer("min_instances", Need::optional, Bounds::between(1, 10000)).value_or(1));
  a.max_instances = static_cast<int>(r.integer("max_instances", Need::required, Bounds::between(1, 10000)).value_or(a.min_instances));
  if (a.max_instances < a.min_instances) {
    r.error("max_instances", fmt::format("{}, expected at least min_instances ({})", a.max_instances, a.min_instances));
    a.max_instances = a.min_instances;
  }
  a.evaluation_period_s = r.duration("evaluation_period", Need::optional, Bounds::above(0)).value_or(a.evaluation_period_s);
  a.tolerance = r.number("tolerance", Need::optional, {0, 1, false}).value_or(a.tolerance);
  a.scale_up_step = static_cast<int>(r.integer("scale_up_step", Need::optional, Bounds::between(1, 10000)).value_or(a.scale_up_step));
  a.scale_down_step = static_cast<int>(r.integer("scale_down_step", Need::optional, Bounds::between(1, 10000)).value_or(a.scale_down_step));
  a.cooldown_s = r.duration("cooldown", Need::optional).value_or(a.cooldown_s);
  a.startup_delay_s = r.duration("startup_delay", Need::optional).value_or(a.startup_delay_s);
  if (const json* cold = r.get("cold_start")) {
    ObjectReader cr(ctx, cold, r.path_of("cold_start"), specs::cold_start);
    a.cold_start_s = cr.duration("duration", Need::required, Bounds::above(0)).value_or(0);
    a.cold_slowdown = cr.number("slowdown", Need::required, Bounds::at_least(1)).value_or(1);
  }
  return a;
}

Restart read_restart(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::service_restart);
  Restart restart;
  restart.startup_s = r.duration("startup", Need::optional).value_or(0);
  if (const json* warm = r.get("warmup")) {
    ObjectReader wr(ctx, warm, r.path_of("warmup"), specs::warmup);
    restart.warmup_s = wr.duration("duration", Need::required, Bounds::above(0)).value_or(0);
    restart.warmup_slowdown = wr.number("slowdown", Need::required, Bounds::between(1, 1000)).value_or(1);
  }
  return restart;
}

}  // namespace chaossim::scenarios
