#include "sim/platform.hpp"

#include <algorithm>

#include <simgrid/kernel/ProfileBuilder.hpp>

#include "sim/autoscaler.hpp"
#include "sim/fault_plan.hpp"

namespace chaossim::sim {
namespace {

using simgrid::kernel::profile::ProfileBuilder;

Endpoint attach(sg4::NetZone* zone, const std::string& name, const scenarios::Network& net, int node) {
  Endpoint e;
  e.host = zone->create_host(name, nominal_speed);
  sg4::SplitDuplexLink* link = zone->create_split_duplex_link(name + "-link", net.bandwidth_bps);
  link->set_latency(net.latency_s / 2);
  zone->add_route(e.host->get_netpoint(), nullptr, nullptr, nullptr,
                  {sg4::LinkInRoute(link, sg4::LinkInRoute::Direction::UP)}, true);
  e.up = link->get_link_up();
  e.down = link->get_link_down();
  e.node = node;
  e.up_latency_s = e.up->get_latency();
  e.down_latency_s = e.down->get_latency();
  return e;
}

simgrid::kernel::profile::Profile* profile(const std::string& name, const Timeline& timeline, std::vector<double>& changes) {
  for (const auto& step : timeline) changes.push_back(step.at);
  return ProfileBuilder::from_string(name, profile_text(timeline), -1);
}

void attach_faults(const FaultEffects& effects, int service, int instance, Endpoint& e, bool latency_on_links,
                   std::vector<double>& changes) {
  const std::string name = e.host->get_name();
  if (auto state = host_state(effects, service, instance); !state.empty()) {
    e.host->set_state_profile(profile(name + "-state", state, changes));
    e.state_profiled = true;
  }
  if (auto bandwidth = link_bandwidth(effects, service, instance, e.up->get_bandwidth()); !bandwidth.empty()) {
    e.up->set_bandwidth_profile(profile(name + "-up-bandwidth", bandwidth, changes));
    e.down->set_bandwidth_profile(profile(name + "-down-bandwidth", bandwidth, changes));
  }
  // Under the bandwidth models a link's latency must not change while a
  // communication uses it: SimGrid's CM02 subtracts the change from every
  // flow on the link, the reverse-path (cross-traffic) flows included, whose
  // latency never had it, and aborts on a negative penalty. There the network
  // delays each message before it leaves instead (network.hpp), as netem does.
  if (!latency_on_links) return;
  if (auto latency = egress_latency(effects, service, instance, e.up->get_latency()); !latency.empty()) {
    e.up->set_latency_profile(profile(name + "-latency", latency, changes));
    e.latency_profiled = true;
  }
}

}  // namespace

int zone_of_instance(const scenarios::Scenario& scenario, const scenarios::Service& service, int instance) {
  if (service.zones.empty()) return -1;
  return scenario.zone_index(service.zones[static_cast<std::size_t>(instance) % service.zones.size()]);
}

Platform build_platform(sg4::Engine& engine, const scenarios::Scenario& scenario, const FaultEffects& effects) {
  using scenarios::NetworkModel;
  // LV08, SimGrid's default, multiplies stated latencies by 13.01; CM02 keeps
  // them as written. The constant model moves messages by timers (network.cpp)
  // but still needs links to carry latencies, so it is built on CM02 too.
  engine.set_config(scenario.network.model == NetworkModel::lv08 ? "network/model:LV08" : "network/model:CM02");
  // Changing a link's latency mid-message loses the message under the lazy solver.
  engine.set_config("network/optim:Full");

  Platform p;
  auto* zone = sg4::create_star_zone("world");
  const auto services = scenario.services.size();
  p.services = services;
  for (std::size_t s = 0; s < services; ++s) {
    const auto& service = scenario.services[s];
    auto& hosts = p.instances.emplace_back();
    const auto slots = static_cast<int>(instance_slots(service, effects.services[s]));
    for (int i = 0; i < slots; ++i) {
      hosts.push_back(attach(zone, "svc:" + service.name + "#" + std::to_string(i), scenario.network, static_cast<int>(s)));
      hosts.back().zone = static_cast<std::int16_t>(zone_of_instance(scenario, service, i));
      hosts.back().instance = i;
      attach_faults(effects, static_cast<int>(s), i, hosts.back(), scenario.network.model == NetworkModel::constant,
                    p.change_times);
    }
  }
  for (std::size_t c = 0; c < scenario.clients.size(); ++c) {
    p.clients.push_back(attach(zone, "client:" + scenario.clients[c].name, scenario.network, static_cast<int>(services + c)));
    if (scenario.clients[c].zone) p.clients.back().zone = static_cast<std::int16_t>(scenario.zone_index(*scenario.clients[c].zone));
  }
  // Only the pairs a partition cuts, in (from, to) order: a matrix of every
  // pair would be quadratic in services (800 MB for 10,000).
  for (const auto& [pair, windows] : effects.cuts) {
    const auto [f, t] = pair;
    const std::string name = "route:" + scenario.services[static_cast<std::size_t>(f)].name + "->" +
                             scenario.services[static_cast<std::size_t>(t)].name;
    sg4::Link* link = zone->create_link(name, scenario.network.bandwidth_bps);
    link->set_state_profile(profile(name + "-state", route_state(effects, f, t), p.change_times));
    p.routes.emplace(Platform::route_key(f, t), link);
  }
  zone->seal();
  std::sort(p.change_times.begin(), p.change_times.end());
  p.change_times.erase(std::unique(p.change_times.begin(), p.change_times.end()), p.change_times.end());
  return p;
}

}  // namespace chaossim::sim
