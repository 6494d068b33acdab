#include "sim/platform.hpp"

namespace chaossim::sim {
namespace {

Endpoint attach(sg4::NetZone* zone, const std::string& name, const scenarios::Network& net) {
  Endpoint e;
  e.host = zone->create_host(name, nominal_speed);
  sg4::SplitDuplexLink* link = zone->create_split_duplex_link(name + "-link", net.bandwidth_bps);
  link->set_latency(net.latency_s / 2);
  zone->add_route(e.host->get_netpoint(), nullptr, nullptr, nullptr,
                  {sg4::LinkInRoute(link, sg4::LinkInRoute::Direction::UP)}, true);
  e.up = link->get_link_up();
  e.down = link->get_link_down();
  return e;
}

}  // namespace

Platform build_platform(sg4::Engine& engine, const scenarios::Scenario& scenario) {
  using scenarios::NetworkModel;
  // LV08, SimGrid's default, multiplies stated latencies by 13.01; CM02 keeps
  // them as written. The constant model moves messages by timers (network.cpp)
  // but still needs links to carry latencies, so it is built on CM02 too.
  engine.set_config(scenario.network.model == NetworkModel::lv08 ? "network/model:LV08" : "network/model:CM02");
  // Changing a link's latency mid-message loses the message under the lazy solver.
  engine.set_config("network/optim:Full");

  Platform p;
  auto* zone = sg4::create_star_zone("world");
  for (const auto& service : scenario.services) {
    auto& hosts = p.instances.emplace_back();
    for (int i = 0; i < service.instances; ++i)
      hosts.push_back(attach(zone, "svc:" + service.name + "#" + std::to_string(i), scenario.network));
  }
  for (const auto& client : scenario.clients) p.clients.push_back(attach(zone, "client:" + client.name, scenario.network));
  zone->seal();
  return p;
}

}  // namespace chaossim::sim
