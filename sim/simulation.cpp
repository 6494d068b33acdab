#include "sim/simulation.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include "sim/scheduler.hpp"
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include "sim/bucket_stream.hpp"
#include "sim/client_driver.hpp"
#include "sim/edges.hpp"
#include "sim/fault_effects.hpp"
#include "sim/fault_scope.hpp"
#include "sim/health_prober.hpp"
#include "sim/outlier_ejector.hpp"
#include "sim/network.hpp"
#include "sim/platform.hpp"
#include "sim/service_simulator.hpp"

namespace chaossim::sim {

namespace {
// Stream numbers of the random sources; fixed per role so that adding a client
// leaves the services' draws unchanged.
constexpr std::uint64_t client_stream = 1'000'000;
constexpr std::uint64_t service_stream = 2'000'000;
constexpr std::uint64_t edge_stream = 3'000'000;
constexpr std::uint64_t pattern_stream = 4'000'000;
constexpr std::uint64_t network_stream = 5'000'000;
constexpr std::uint64_t probe_stream = 6'000'000;

// SimGrid's host signals are process-wide and outlive a run: they reach the
// run's services through this, set only while the run plays.
std::function<void(const sg4::Host&)>* on_host_state = nullptr;

std::vector<std::unique_ptr<ServiceSimulator>> make_services(const scenarios::Scenario& s, const FaultEffects& effects,
                                                             const Platform& platform, const BucketGrid& grid, std::uint64_t seed,
                                                             patterns::PatternFactory& factory, CallPath& calls) {
  std::vector<std::unique_ptr<ServiceSimulator>> services;
  const auto first_edges = first_call_edge(s);
  for (std::size_t i = 0; i < s.services.size(); ++i)
    services.push_back(std::make_unique<ServiceSimulator>(s, static_cast<int>(i), effects.services[i], platform.instances[i],
                                                          first_edges[i], grid, mix_seed(seed, service_stream + i), factory, calls));
  return services;
}

// Crashes are SimGrid hosts going off (state profiles, platform.cpp): while
// it lives, this tells the run's services when one of their hosts does.
class CrashWiring {
 public:
  CrashWiring(const Platform& platform, const std::vector<std::unique_ptr<ServiceSimulator>>& services) {
    for (std::size_t i = 0; i < services.size(); ++i)
      for (std::size_t k = 0; k < platform.instances[i].size(); ++k)
        instance_of_[platform.instances[i][k].host] = {services[i].get(), static_cast<std::uint32_t>(k)};
    changed_ = [this](const sg4::Host& host) {
      auto it = instance_of_.find(&host);
      if (it == instance_of_.end()) return;
      if (host.is_on()) it->second.first->restored(it->second.second);
      else it->second.first->crash(it->second.second);
    };
    static const bool connected = [] {
      sg4::Host::on_state_change_cb([](const sg4::Host& host) {
        if (on_host_state != nullptr) (*on_host_state)(host);
      });
      return true;
    }();
    (void)connected;
    on_host_state = &changed_;
  }
  ~CrashWiring() { on_host_state = nullptr; }
  CrashWiring(const CrashWiring&) = delete;
  CrashWiring& operator=(const CrashWiring&) = delete;

 private:
  std::map<const sg4::Host*, std::pair<ServiceSimulator*, std::uint32_t>> instance_of_;
  std::function<void(const sg4::Host&)> changed_;
};

// Every edge's balancer, random stream and stages, in edge_list() order.
void add_edges(const scenarios::Scenario& s, const std::vector<EdgeInfo>& edges,
               const std::vector<std::unique_ptr<ServiceSimulator>>& services, const BucketGrid& grid, std::uint64_t seed,
               patterns::PatternFactory& factory, CallPath& calls, const std::vector<HostClock>& clocks) {
  // Where any call propagates deadlines or cancels, a request stopped
  // early abandons the calls it made: any caller may then give up.
  const bool stops_early = std::any_of(edges.begin(), edges.end(), [](const EdgeInfo& e) { return e.propagate_deadline || e.cancel_on_timeout; });
  calls.reserve_edges(edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const auto& target = s.services[edges[e].target];
    ServiceSimulator* callee = services[edges[e].target].get();
    EdgeRuntime& edge = calls.add_edge(
        callee, Balancer(target.balancer, callee->instances(), mix_seed(seed, edge_stream + e), callee->listed()), grid);
    // Each instance of a calling service balances on its own view; a client
    // stands for users behind one front balancer.
    if (target.balancer_view == scenarios::BalancerView::caller_instance && !edges[e].from_client)
      edge.balancer.split_views(services[static_cast<std::size_t>(edges[e].caller)]->instances());
    edge.balancer.weigh(target.weights, target.slow_start, callee->up_since());
    if (target.prefer_same_zone) {
      std::vector<int> zone_of;
      for (int i = 0; i < callee->instances(); ++i) zone_of.push_back(zone_of_instance(s, target, i));
      edge.balancer.prefer_zones(std::move(zone_of));
    }
    edge.random = std::make_unique<StreamRandom>(mix_seed(seed, pattern_stream + e));
    // Its patterns read the time on the caller's host; a client's is never off.
    static const HostClock true_time;
    const HostClock& clock = edges[e].from_client ? true_time : clocks[static_cast<std::size_t>(edges[e].caller)];
    if (edges[e].pipeline)
      edge.stages = make_stages(
          {s.pipelines.at(*edges[e].pipeline), factory, *edge.random, static_cast<std::uint32_t>(e), edges, edge.recorder, clock});
    edge.propagate_deadline = edges[e].propagate_deadline;
    edge.cancel_on_timeout = edges[e].cancel_on_timeout;
    edge.request_bytes = edges[e].request_bytes.value_or(s.network.message_bytes);
    edge.response_bytes = edges[e].response_bytes.value_or(s.network.message_bytes);
    if (edges[e].connections) {
      edge.pooled = true;
      calls.pools().add_edge(static_cast<std::uint32_t>(e), *edges[e].connections, callee, edge.recorder);
    }
    edge.target_endpoint = static_cast<std::uint16_t>(edges[e].to_endpoint);
    edge.target_priority = target.endpoints[edge.target_endpoint].priority;
    if (edges[e].consumer_of >= 0)
      services[static_cast<std::size_t>(edges[e].consumer_of)]->add_consumer(
          static_cast<std::uint32_t>(e),
          s.services[static_cast<std::size_t>(edges[e].consumer_of)].broker->consumers[static_cast<std::size_t>(edges[e].consumer)]);
    edge.may_give_up = stops_early || edges[e].caller_gives_up ||
                       std::any_of(edge.stages.begin(), edge.stages.end(), [](const auto& stage) {
                         return stage->kind() == patterns::PatternKind::timeout || stage->kind() == patterns::PatternKind::hedge;
                       });
  }
}

// A rolling restart's instances leave and rejoin every caller's rotation
// when discovery tells the callers, not when they stop and start.
void follow_discovery(const std::vector<EdgeInfo>& edges, const FaultEffects& effects, CallPath& calls) {
  for (std::size_t e = 0; e < edges.size(); ++e)
    for (const Outage& o : effects.services[static_cast<std::size_t>(edges[e].target)].deregistered) {
      EdgeRuntime* edge = &calls.edges()[e];
      const int instance = o.instance;
      const auto listed = [edge, instance](bool out) {
        const double now = sim::now();
        if (edge->balancer.set_out(instance, Balancer::deregistered, out, now)) edge->recorder.change(Level::unhealthy, now, out ? +1 : -1);
      };
      scheduler().at(o.window.start, [listed] { listed(true); });
      scheduler().at(o.window.end, [listed] { listed(false); });
    }
}

std::vector<std::unique_ptr<HealthProber>> start_probers(const scenarios::Scenario& s, const std::vector<EdgeInfo>& edges,
                                                         const Platform& platform, CallPath& calls, Network& network,
                                                         ReactionLog& reactions, std::uint64_t seed, patterns::PatternFactory& factory) {
  std::vector<std::unique_ptr<HealthProber>> probers;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (!edges[e].pipeline) continue;
    const auto& health = s.pipelines.at(*edges[e].pipeline).health_check;
    if (!health) continue;
    const auto caller = static_cast<std::size_t>(edges[e].caller);
    const Endpoint& from = edges[e].from_client ? platform.clients[caller] : platform.instances[caller][0];
    probers.push_back(std::make_unique<HealthProber>(*health, static_cast<std::uint32_t>(e), calls.edges()[e], from, network,
                                                     reactions, mix_seed(seed, probe_stream + e), factory));
    probers.back()->start();
  }
  return probers;
}

// Each edge with outlier detection gets its ejector, which the edge's call path feeds.
std::vector<std::unique_ptr<OutlierEjector>> add_outlier_detection(const scenarios::Scenario& s, const std::vector<EdgeInfo>& edges,
                                                                   CallPath& calls, ReactionLog& reactions) {
  std::vector<std::unique_ptr<OutlierEjector>> ejectors;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (!edges[e].pipeline) continue;
    const auto& detection = s.pipelines.at(*edges[e].pipeline).outlier_detection;
    if (!detection) continue;
    EdgeRuntime& edge = calls.edges()[e];
    ejectors.push_back(std::make_unique<OutlierEjector>(*detection, static_cast<std::uint32_t>(e), edge,
                                                        edge.target->instances(), reactions));
    edge.outliers = ejectors.back().get();
  }
  return ejectors;
}

std::vector<std::unique_ptr<ClientDriver>> start_clients(const scenarios::Scenario& s, const FaultEffects& effects,
                                                         const Platform& platform, const BucketGrid& grid, std::uint64_t seed,
                                                         CallPath& calls) {
  std::vector<std::unique_ptr<ClientDriver>> clients;
  for (std::size_t c = 0; c < s.clients.size(); ++c) {
    // Client c's edge is edge c (edges.hpp).
    clients.push_back(std::make_unique<ClientDriver>(s, static_cast<int>(c), effects, static_cast<std::uint32_t>(c),
                                                     platform.clients[c], grid, mix_seed(seed, client_stream + c), calls));
    clients.back()->start();
  }
  return clients;
}

}  // namespace

std::uint64_t replication_seed(std::uint64_t seed, int replication) { return mix_seed(seed, static_cast<std::uint64_t>(replication)); }

ReplicationResult simulate(const scenarios::Scenario& s, int replication, std::uint64_t seed, const std::string& spool_path,
                           const ProgressFn& progress, patterns::PatternFactory* factory) {
  patterns::ReferencePatternFactory reference;
  patterns::PatternFactory& builds = factory != nullptr ? *factory : reference;
  xbt_log_control_set("root.thres:critical");
  sg4::Engine engine("chaossim");
  const FaultTimeline timeline = fault_timeline(s, seed);
  const FaultEffects effects = fault_effects(s, timeline);
  const Platform platform = build_platform(engine, s, effects);
  scheduler().reset(s.network.model == scenarios::NetworkModel::constant);

  Network network(s, platform, effects, mix_seed(seed, network_stream));
  const auto edges = edge_list(s);
  std::vector<double> fault_starts;
  for (const auto& o : timeline.occurrences) fault_starts.push_back(o.played.at_s);
  ReactionLog reactions(std::move(fault_starts), fault_scopes(s, timeline, edges));
  CallPath calls(network, reactions);
  const BucketGrid grid(s.bucket_s, s.duration_s, s.warmup_s);

  const auto services = make_services(s, effects, platform, grid, seed, builds, calls);
  const CrashWiring crashes(platform, services);
  std::vector<HostClock> clocks;
  for (const auto& on : effects.services) clocks.emplace_back(on.clock);
  add_edges(s, edges, services, grid, seed, builds, calls, clocks);
  follow_discovery(edges, effects, calls);
  const auto probers = start_probers(s, edges, platform, calls, network, reactions, seed, builds);
  const auto ejectors = add_outlier_detection(s, edges, calls, reactions);
  const auto clients = start_clients(s, effects, platform, grid, seed, calls);
  std::vector<Recorder*> client_recorders, service_recorders, edge_recorders, endpoint_recorders;
  for (auto& c : clients) client_recorders.push_back(&c->recorder());
  for (auto& svc : services) service_recorders.push_back(&svc->recorder());
  for (auto& e : calls.edges()) edge_recorders.push_back(&e.recorder);
  for (auto& svc : services)
    for (auto* r : svc->endpoint_recorders()) endpoint_recorders.push_back(r);
  BucketStream buckets(spool_path, grid, client_recorders, service_recorders, edge_recorders, endpoint_recorders);
  buckets.start(s.duration_s);

  const double progress_every = std::max(s.bucket_s, s.duration_s / 200);
  std::function<void()> tick = [&] {
    progress(sim::now());
    scheduler().at(sim::now() + progress_every, tick);
  };
  if (progress) scheduler().at(progress_every, tick);
  scheduler().run(engine, s.duration_s, platform.change_times);
  for (const auto& svc : services)
    if (svc->overflow()) throw std::runtime_error(*svc->overflow());

  ReplicationResult result;
  result.variant = s.variant;
  result.replication = replication;
  result.seed = seed;
  result.bucket_s = s.bucket_s;
  result.duration_s = s.duration_s;
  buckets.finish(s.duration_s);
  result.buckets = grid.count();
  for (auto* r : client_recorders) result.clients.push_back(r->result());
  for (auto* r : service_recorders) result.services.push_back(r->result());
  for (auto* r : edge_recorders) result.edges.push_back(r->result());
  for (auto* r : endpoint_recorders) result.endpoints.push_back(r->result());
  result.first_reaction_s = reactions.first_reactions();
  return result;
}

}  // namespace chaossim::sim
