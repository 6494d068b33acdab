#include <algorithm>

#include <fmt/format.h>

#include "scenarios/object_specs.hpp"
#include "scenarios/readers.hpp"

// How a service's callers spread their calls over its instances: the
// balancer, whose view it balances on, the instances' weights and zones,
// and slow start for instances back in service.
namespace chaossim::scenarios {

namespace {

const EnumTable<Balancer> balancers{
    {"round_robin", Balancer::round_robin}, {"random", Balancer::random}, {"least_outstanding", Balancer::least_outstanding},
    {"p2c", Balancer::p2c}};
const EnumTable<BalancerView> balancer_views{{"caller_instance", BalancerView::caller_instance}, {"shared", BalancerView::shared}};

void read_zones(LoadContext& ctx, ObjectReader& r, Service& s) {
  const json* zones = r.get("zones");
  if (zones == nullptr) return;
  if (!zones->is_array() || zones->empty() || zones->size() > 100) {
    r.error("zones", describe(*zones) + ", expected an array of 1 to 100 zone names");
    return;
  }
  for (std::size_t k = 0; k < zones->size(); ++k) {
    const JsonPath at = r.path_of("zones") / k;
    const json& z = (*zones)[k];
    if (!z.is_string() || z.get<std::string>().empty()) {
      ctx.error(at, describe(z) + ", expected a zone's name");
    } else if (std::find(s.zones.begin(), s.zones.end(), z.get<std::string>()) != s.zones.end()) {
      ctx.error(at, fmt::format("\"{}\" again, expected each zone once (instances are spread over them in turn)",
                                z.get<std::string>()));
    } else {
      s.zones.push_back(z.get<std::string>());
    }
  }
}

void read_weights(LoadContext& ctx, ObjectReader& r, Service& s) {
  const json* weights = r.get("weights");
  if (weights == nullptr) return;
  if (!weights->is_array() || weights->empty() || weights->size() > 10000) {
    r.error("weights", describe(*weights) + ", expected an array of 1 to 10,000 positive numbers, instance i weighing the (i mod size)-th");
    return;
  }
  for (std::size_t k = 0; k < weights->size(); ++k) {
    const json& w = (*weights)[k];
    if (!w.is_number() || !(w.get<double>() > 0) || w.get<double>() > 1e6)
      ctx.error(r.path_of("weights") / k, describe(w) + ", expected a weight above 0 and at most 1,000,000");
    else
      s.weights.push_back(w.get<double>());
  }
}

}  // namespace

void read_balancing(LoadContext& ctx, ObjectReader& r, Service& s) {
  s.balancer = r.enumeration("balancer", Need::optional, balancers).value_or(Balancer::round_robin);
  s.balancer_view = r.enumeration("balancer_view", Need::optional, balancer_views).value_or(s.balancer_view);
  read_weights(ctx, r, s);
  if (const json* node = r.get("slow_start")) {
    ObjectReader sr(ctx, node, r.path_of("slow_start"), specs::slow_start);
    SlowStart slow;
    slow.window_s = sr.duration("window", Need::required, Bounds::above(0)).value_or(1);
    slow.aggression = sr.number("aggression", Need::optional, Bounds::between(0.01, 100)).value_or(slow.aggression);
    slow.min_weight = sr.number("min_weight_percent", Need::optional, Bounds::between(0, 100)).value_or(10) / 100;
    s.slow_start = slow;
  }
  read_zones(ctx, r, s);
  s.prefer_same_zone = r.boolean("prefer_same_zone", Need::optional).value_or(false);
  if (s.prefer_same_zone && !r.has("zones"))
    r.error("prefer_same_zone", "true for a service in no zone, expected \"zones\" to prefer among");
}

}  // namespace chaossim::scenarios
