#include "sim/simulation.hpp"

#include <memory>

#include <fmt/format.h>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include "sim/client_driver.hpp"
#include "sim/edge_patterns.hpp"
#include "sim/edges.hpp"
#include "sim/network.hpp"
#include "sim/platform.hpp"
#include "sim/service_simulator.hpp"

namespace chaossim::sim {

using simgrid::kernel::timer::Timer;

namespace {
// Stream numbers of the random sources; fixed per role so that adding a client
// leaves the services' draws unchanged.
constexpr std::uint64_t client_stream = 1'000'000;
constexpr std::uint64_t service_stream = 2'000'000;
constexpr std::uint64_t edge_stream = 3'000'000;
constexpr std::uint64_t pattern_stream = 4'000'000;
}  // namespace

std::uint64_t replication_seed(std::uint64_t seed, int replication) { return mix_seed(seed, static_cast<std::uint64_t>(replication)); }

ReplicationResult simulate(const scenarios::Scenario& s, int replication, std::uint64_t seed, const ProgressFn& progress) {
  xbt_log_control_set("root.thres:critical");
  sg4::Engine engine("chaossim");
  const Platform platform = build_platform(engine, s);

  Network network(s.network);
  CallPath calls(network);
  const BucketGrid grid(s.bucket_s, s.duration_s);

  std::vector<std::unique_ptr<ServiceSimulator>> services;
  const auto first_edges = first_call_edge(s);
  for (std::size_t i = 0; i < s.services.size(); ++i)
    services.push_back(std::make_unique<ServiceSimulator>(s.services[i], platform.instances[i], first_edges[i], grid,
                                                          mix_seed(seed, service_stream + i), calls));
  const auto edges = edge_list(s);
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const auto& target = s.services[edges[e].target];
    const auto* pipeline = edges[e].pipeline ? &s.pipelines.at(*edges[e].pipeline) : nullptr;
    auto patterns = std::make_unique<EdgePatterns>(pipeline, mix_seed(seed, pattern_stream + e));
    if (pipeline && pipeline->fallback) patterns->fallback_edges.resize(pipeline->fallback->chain.size(), 0);
    calls.add_edge(services[edges[e].target].get(), Balancer(target.balancer, target.instances, mix_seed(seed, edge_stream + e)),
                   grid, std::move(patterns));
  }
  for (std::size_t e = 0; e < edges.size(); ++e)
    if (edges[e].fallback_of >= 0)
      calls.edges()[edges[e].fallback_of].patterns->fallback_edges[edges[e].fallback_entry] = static_cast<std::uint32_t>(e);
  std::vector<std::unique_ptr<ClientDriver>> clients;
  for (std::size_t c = 0; c < s.clients.size(); ++c) {
    // Client c's edge is edge c (edges.hpp).
    clients.push_back(std::make_unique<ClientDriver>(s.clients[c], static_cast<std::uint32_t>(c), platform.clients[c], grid,
                                                     mix_seed(seed, client_stream + c), calls));
    clients.back()->start();
  }

  const double progress_every = std::max(s.bucket_s, s.duration_s / 200);
  std::function<void()> tick = [&] {
    progress(sg4::Engine::get_clock());
    Timer::set(sg4::Engine::get_clock() + progress_every, tick);
  };
  if (progress) Timer::set(progress_every, tick);
  engine.run_until(s.duration_s);

  ReplicationResult result;
  result.variant = s.variant;
  result.replication = replication;
  result.seed = seed;
  result.bucket_s = s.bucket_s;
  result.duration_s = s.duration_s;
  for (auto& c : clients) result.clients.push_back(c->finish(s.duration_s));
  for (auto& svc : services) result.services.push_back(svc->finish(s.duration_s));
  for (auto& e : calls.edges()) result.edges.push_back(e.recorder.finish(s.duration_s));
  return result;
}

std::vector<std::string> unsupported_features(const scenarios::Scenario& s) {
  std::vector<std::string> out;
  const std::string where = s.variant == "base" ? "" : fmt::format(" (variant \"{}\")", s.variant);
  for (const auto& [name, pipeline] : s.pipelines) {
    if (pipeline.health_check)
      out.push_back(fmt::format("pipeline \"{}\" has a health_check{}: health checks are not supported yet", name, where));
  }
  if (!s.faults.empty())
    out.push_back(fmt::format("the scenario has {} fault(s){}: fault injection is not supported yet", s.faults.size(), where));
  return out;
}

}  // namespace chaossim::sim
