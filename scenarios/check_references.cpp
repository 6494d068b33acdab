#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "scenarios/readers.hpp"

namespace chaossim::scenarios {
namespace {

// Where services[service]'s `call` is written: an alternative of a one_of lies inside it.
JsonPath call_path(std::size_t service, const Call& call) {
  JsonPath at = JsonPath() / "services" / service;
  if (call.written_endpoint >= 0) at = at / "endpoints" / static_cast<std::size_t>(call.written_endpoint);
  at = at / "calls" / call.written_at;
  return call.alternative >= 0 ? at / "one_of" / static_cast<std::size_t>(call.alternative) : at;
}

template <class Items>
void check_unique_names(LoadContext& ctx, const Items& items, const JsonPath& path, std::string_view what) {
  std::map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name.empty()) continue;
    auto [it, inserted] = first.emplace(items[i].name, i);
    if (!inserted)
      ctx.error(path / i / "name", fmt::format("duplicate {} name \"{}\", expected unique names (first used at {})", what,
                                               items[i].name, (path / it->second).display()));
  }
}

class ReferenceChecker {
 public:
  ReferenceChecker(LoadContext& ctx, const Scenario& s, const json& doc) : ctx_(ctx), s_(s), doc_(doc) {
    for (const auto& svc : s.services)
      if (std::find(services_.begin(), services_.end(), svc.name) == services_.end()) services_.push_back(svc.name);
    for (const auto& [name, p] : s.pipelines) pipelines_.push_back(name);
    for (const auto& c : s.clients) clients_.push_back(c.name);
  }

  void service(const std::string& name, const JsonPath& at) {
    if (name.empty() || s_.find_service(name)) return;
    ctx_.error(at, fmt::format("unknown service \"{}\", expected one of the services: {}{}", name, list(services_),
                               did_you_mean(name, services_)));
  }
  // The endpoint a call names of `service` (written at `at`, its "endpoint" at at / "endpoint").
  void endpoint(const std::string& service, const std::optional<std::string>& name, const JsonPath& at) {
    const Service* target = s_.find_service(service);
    if (target == nullptr) return;  // reported as an unknown service
    std::vector<std::string_view> names;
    for (const auto& e : target->endpoints) names.push_back(e.name);
    if (!target->has_named_endpoints()) {
      if (name) ctx_.error(at / "endpoint", fmt::format("endpoint \"{}\" of service \"{}\", which has no endpoints; expected "
                                                        "no \"endpoint\" (or endpoints in the service)", *name, service));
      return;
    }
    if (!name) {
      ctx_.error(at, fmt::format("a call to service \"{}\" without \"endpoint\", expected one of its endpoints: {}", service,
                                 list(names)));
      return;
    }
    if (target->endpoint_index(name) < 0)
      ctx_.error(at / "endpoint", fmt::format("unknown endpoint \"{}\" of service \"{}\", expected one of its endpoints: {}{}",
                                              *name, service, list(names), did_you_mean(*name, names)));
  }
  void pipeline(const std::optional<std::string>& name, const JsonPath& at) {
    if (!name || s_.pipelines.count(*name)) return;
    ctx_.error(at, fmt::format("unknown pipeline \"{}\", expected one of the pipelines: {}{}", *name,
                               pipelines_.empty() ? "(none defined)" : list(pipelines_), did_you_mean(*name, pipelines_)));
  }
  void zone(const std::string& name, const JsonPath& at) {
    const auto zones = s_.zone_names();
    if (name.empty() || std::find(zones.begin(), zones.end(), name) != zones.end()) return;
    if (zones.empty()) {
      ctx_.error(at, fmt::format("unknown zone \"{}\": no service or client is in a zone; expected a zone a service's \"zones\" or a "
                                 "client's \"zone\" names", name));
      return;
    }
    const std::vector<std::string_view> names(zones.begin(), zones.end());
    ctx_.error(at, fmt::format("unknown zone \"{}\", expected one of the zones services and clients are in: {}{}", name, list(names),
                               did_you_mean(name, names)));
  }

  void client(const std::string& name, const JsonPath& at) {
    for (auto c : clients_)
      if (c == name) return;
    if (name.empty()) return;
    ctx_.error(at, fmt::format("unknown client \"{}\", expected one of the clients: {}{}", name, list(clients_),
                               did_you_mean(name, clients_)));
  }

  void check_all() {
    const JsonPath root;
    for (std::size_t i = 0; i < s_.services.size(); ++i)
      for (std::size_t j = 0; j < s_.services[i].calls.size(); ++j) {
        const auto& call = s_.services[i].calls[j];
        const JsonPath at = call_path(i, call);
        service(call.service, at / "service");
        endpoint(call.service, call.endpoint, at);
        pipeline(call.pipeline, at / "pipeline");
      }
    for (std::size_t i = 0; i < s_.services.size(); ++i) {
      if (!s_.services[i].broker) continue;
      const auto& consumers = s_.services[i].broker->consumers;
      for (std::size_t k = 0; k < consumers.size(); ++k) {
        const JsonPath at = root / "services" / i / "consumers" / k;
        service(consumers[k].service, at / "service");
        endpoint(consumers[k].service, consumers[k].endpoint, at);
        if (const Service* c = s_.find_service(consumers[k].service); c && c->broker)
          ctx_.error(at / "service", fmt::format("\"{}\" is a queue, expected a service that does the work", consumers[k].service));
      }
    }
    for (std::size_t i = 0; i < s_.services.size(); ++i)
      if (s_.services[i].has_named_endpoints())
        check_unique_names(ctx_, s_.services[i].endpoints, root / "services" / i / "endpoints", "endpoint");
    for (std::size_t i = 0; i < s_.clients.size(); ++i) {
      service(s_.clients[i].target, root / "clients" / i / "target");
      endpoint(s_.clients[i].target, s_.clients[i].endpoint, root / "clients" / i);
      pipeline(s_.clients[i].pipeline, root / "clients" / i / "pipeline");
      const auto& bursts = s_.clients[i].arrival.bursts;
      for (std::size_t b = 0; b < bursts.size(); ++b)
        if (bursts[b].at_s >= s_.duration_s)
          ctx_.error(root / "clients" / i / "arrival" / "bursts" / b / "at",
                     fmt::format("{}s, expected a time within the run (before its duration, {}s)", bursts[b].at_s, s_.duration_s));
    }
    check_fallbacks(root);
    check_faults(root);
    if (s_.slo) client(s_.slo->client, root / "slo" / "client");
  }

  void check_fallbacks(const JsonPath& root) {
    for (const auto& [name, p] : s_.pipelines) {
      if (!p.fallback) continue;
      const JsonPath at = root / "pipelines" / name / "fallback";
      const bool is_list = doc_.contains("pipelines") && doc_["pipelines"].contains(name) &&
                           doc_["pipelines"][name].contains("fallback") && doc_["pipelines"][name]["fallback"].is_array();
      for (std::size_t k = 0; k < p.fallback->chain.size(); ++k) {
        const auto& entry = p.fallback->chain[k];
        if (entry.kind != patterns::FallbackKind::service) continue;
        const JsonPath entry_at = is_list ? at / k : at;
        service(entry.service, entry_at / "service");
        endpoint(entry.service, entry.endpoint, entry_at);
        pipeline(entry.pipeline, entry_at / "pipeline");
        // Fallback services' calls are one level deep: their own pipeline may
        // time out, retry or serve a value, not call yet another service.
        const auto used = entry.pipeline ? s_.pipelines.find(*entry.pipeline) : s_.pipelines.end();
        if (used != s_.pipelines.end() && used->second.fallback)
          for (const auto& inner : used->second.fallback->chain)
            if (inner.kind == patterns::FallbackKind::service) {
              ctx_.error(entry_at / "pipeline",
                         fmt::format("pipeline \"{}\" falls back to service \"{}\", expected a fallback's pipeline "
                                     "without a fallback to another service (fallback calls are one level deep)",
                                     *entry.pipeline, inner.service));
              break;
            }
      }
    }
  }

  void check_faults(const JsonPath& root) {
    for (std::size_t i = 0; i < s_.faults.size(); ++i) {
      const auto& f = s_.faults[i];
      const JsonPath at = root / "faults" / i;
      if (f.subject() == FaultSubject::service_groups) {
        const auto& groups = f.groups();
        for (std::size_t g = 0; g < groups.size(); ++g)
          for (std::size_t k = 0; k < groups[g].size(); ++k) service(groups[g][k], at / "between" / g / k);
      } else if (f.subject() == FaultSubject::zone_groups) {
        const auto& groups = f.groups();
        const bool one_zone = f.as<ZoneOutageFault>() != nullptr;
        for (std::size_t g = 0; g < groups.size(); ++g)
          for (std::size_t k = 0; k < groups[g].size(); ++k)
            zone(groups[g][k], one_zone ? at / "zone" : at / "zones" / g / k);
      } else if (f.subject() == FaultSubject::client) {
        client(f.client(), at / "client");
      } else {
        service(f.target(), at / "target");
      }
      const Service* target = s_.find_service(f.target());
      const auto* pick = f.instance_pick();
      const bool on_process = f.as<CrashFault>() || f.as<PauseFault>() || f.as<CrashLoopFault>() || f.as<DegradationFault>() ||
                              f.as<ErrorsFault>();
      if (target && target->broker && on_process)
        ctx_.error(at / "target", fmt::format("\"{}\" is a queue, whose broker does not crash, pause, slow down or fail here; expected "
                                              "a service (a network fault, a partition or latency, reaches a queue)", f.target()));
      // An autoscaled service's instances are the places it may run them in, its first ones first.
      const int most = target && target->autoscaling ? target->autoscaling->max_instances : target ? target->instances : 0;
      const std::string of_most = target && target->autoscaling ? " (its max_instances)" : "";
      if (pick && target && pick->count && *pick->count > most)
        ctx_.error(at / "instances", fmt::format("found {}, expected at most the {} instances of \"{}\"{}", *pick->count, most, f.target(), of_most));
      if (pick && target && pick->highest_listed() && *pick->highest_listed() >= most)
        ctx_.error(at / "instances", fmt::format("found instance {}, expected an index below the {} instances of \"{}\"{}",
                                                 *pick->highest_listed(), most, f.target(), of_most));
      if (const auto* p = f.as<PartitionFault>(); p && p->drawn()) check_split(*p, at);
      if (const auto* b = f.as<BlackholeFault>(); b && b->endpoint) endpoint(f.target(), b->endpoint, at);
      if (f.as<BandwidthFault>() && s_.network.model == NetworkModel::constant)
        ctx_.error(at / "kind", "a bandwidth fault needs a bandwidth-sharing network model, expected network.model \"CM02\" or "
                                "\"LV08\" (the constant model moves every message after its latency, whatever its size)");
      // The fault's own window; a staggered restart's last instance comes back last.
      double end = f.end_s();
      if (const auto* crash = f.as<CrashFault>(); crash && target) end = crash->end_s(f.at_s, f.for_s, pick->how_many(most));
      if (const auto* rolling = f.as<RollingRestartFault>(); rolling && target) {
        end = rolling->end_s(f.at_s, f.for_s, pick->how_many(most));
        if (target->restart && f.for_s < target->restart->startup_s)
          ctx_.error(at / "for", fmt::format("{}s, shorter than \"{}\"'s restart.startup ({}s); expected at least that: a batch's "
                                             "replacements serve \"for\" after the old processes exit, their startup included",
                                             f.for_s, f.target(), target->restart->startup_s));
      }
      if (f.schedule) end = check_schedule(f, *f.schedule, end, target, at);
      if (end > s_.duration_s && s_.duration_s > 0)
        ctx_.error(at / (f.schedule ? "schedule" : "for"),
                   fmt::format("the fault{} ends at {}s{}, after the run's duration of {}s; expected it to end within the run",
                               f.schedule ? "'s last occurrence" : "", end, f.end_s() > f.at_s + f.for_s ? " (its ramp back takes another \"for\")" : "",
                               s_.duration_s));
    }
  }

  void check_split(const PartitionFault& p, const JsonPath& at) {
    for (std::size_t k = 0; k < p.of.size(); ++k) service(p.of[k], at / "of" / k);
    const auto nodes = p.candidates(s_);
    if (!p.of.empty() && std::any_of(p.of.begin(), p.of.end(), [&](const auto& n) { return !s_.find_service(n); })) return;
    // Each pair of nodes may be cut: a split of thousands would be millions of cuts.
    constexpr std::size_t most_nodes = 1000;
    if (nodes.size() > most_nodes)
      ctx_.error(at / "split", fmt::format("found {} nodes to split, expected at most {} (name the services in \"of\")", nodes.size(),
                                           most_nodes));
    if (nodes.size() < p.fewest_nodes())
      ctx_.error(at / "split", fmt::format("found {} node{} to split, expected at least {} (a split \"{}\" of fewer cuts nothing){}",
                                           nodes.size(), nodes.size() == 1 ? "" : "s", p.fewest_nodes(), name_of(p.split),
                                           p.nodes == PartitionNodes::services ? "; nodes \"instances\" splits their instances" : ""));
  }

  static std::string_view name_of(Split split) { return split_names[static_cast<std::size_t>(split)]; }

  // The rules of a schedule; returns when its last occurrence ends, as far as
  // it is known before the run (a random one's are cut at the run's end).
  double check_schedule(const Fault& f, const FaultSchedule& schedule, double first_end, const Service* target, const JsonPath& at) {
    const JsonPath sat = at / "schedule";
    const double length = first_end - f.at_s;
    const double until = schedule.until_s.value_or(s_.duration_s);
    if (schedule.until_s && (*schedule.until_s <= f.at_s || *schedule.until_s > s_.duration_s))
      ctx_.error(sat / "until", fmt::format("{}s, expected a time after the fault's at ({}s) and within the run ({}s)", *schedule.until_s,
                                            f.at_s, s_.duration_s));
    if (schedule.blast_radius) {
      const auto& radius = *schedule.blast_radius;
      if (!f.instance_pick())
        ctx_.error(sat / "blast_radius", fmt::format("a {} fault acts on a whole service, expected a blast radius only on a fault that takes "
                                                     "instances (any on a service but clock)", scenarios::name_of(f.kind())));
      if (radius.zone && target && std::find(target->zones.begin(), target->zones.end(), *radius.zone) == target->zones.end())
        ctx_.error(sat / "blast_radius" / "zone", fmt::format("found \"{}\", expected a zone of \"{}\" ({})", *radius.zone, f.target(),
                                                             target->zones.empty() ? "it has none" : list_of(target->zones)));
    }
    // A schedule plays at most max_occurrences a run: more is a mistake, and would not fit in memory.
    const double expected = schedule.onsets == Onsets::every    ? (schedule.count ? *schedule.count : (until - f.at_s) / schedule.every_s)
                            : schedule.onsets == Onsets::poisson ? schedule.rate_per_s * (until - f.at_s)
                                                                 : schedule.count.value_or(1);
    if (expected > max_occurrences)
      ctx_.error(sat, fmt::format("about {:.0f} occurrences a run, expected at most {:.0f}: a longer period or a lower rate", expected,
                                  max_occurrences));
    if (schedule.random()) return std::min(s_.duration_s, until);
    // A period shorter than an occurrence would start the next before the last ended.
    if (schedule.every_s < length)
      ctx_.error(sat / "every", fmt::format("{}s, expected at least the fault's length ({}s), so that each occurrence ends before the next",
                                            schedule.every_s, length));
    if (!schedule.count) return first_end;  // as many as end before `until`
    return first_end + schedule.every_s * (*schedule.count - 1);
  }

  static std::string list_of(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out;
  }

 private:
  static std::string list(const std::vector<std::string_view>& names) {
    std::string out;
    for (auto n : names) out += (out.empty() ? "\"" : ", \"") + std::string(n) + "\"";
    return out;
  }

  LoadContext& ctx_;
  const Scenario& s_;
  const json& doc_;
  std::vector<std::string_view> services_, pipelines_, clients_;
};

// Depth-first search over endpoints (a service's endpoint may call another
// of its endpoints), with a stack of its own (a chain of 10,000 services is
// too deep for the machine's); a back edge closes a cycle, reported at the
// call that closes it.
void check_cycles(LoadContext& ctx, const Scenario& s) {
  enum class Mark { unvisited, active, done };
  // Endpoint e of service i is node first_node[i] + e.
  std::vector<std::size_t> first_node;
  std::vector<std::pair<int, int>> node_of;  // node -> (service, endpoint)
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    first_node.push_back(node_of.size());
    for (std::size_t e = 0; e < s.services[i].endpoints.size(); ++e) node_of.emplace_back(static_cast<int>(i), static_cast<int>(e));
  }
  const auto name_of = [&](std::size_t node) {
    const auto& svc = s.services[static_cast<std::size_t>(node_of[node].first)];
    const auto& ep = svc.endpoints[static_cast<std::size_t>(node_of[node].second)];
    return ep.name.empty() ? svc.name : svc.name + "/" + ep.name;
  };
  std::vector<Mark> mark(node_of.size(), Mark::unvisited);
  struct Frame {
    std::size_t node;
    std::size_t next_call;
  };
  std::vector<Frame> stack;
  std::set<std::pair<int, std::size_t>> reported;
  const auto push = [&](std::size_t node) {
    mark[node] = Mark::active;
    const auto [i, e] = node_of[node];
    stack.push_back({node, s.services[static_cast<std::size_t>(i)].endpoints[static_cast<std::size_t>(e)].first_call});
  };
  for (std::size_t root = 0; root < node_of.size(); ++root) {
    if (mark[root] != Mark::unvisited) continue;
    push(root);
    while (!stack.empty()) {
      Frame& top = stack.back();
      const auto [i, e] = node_of[top.node];
      const Service& svc = s.services[static_cast<std::size_t>(i)];
      if (top.next_call == svc.endpoints[static_cast<std::size_t>(e)].end_call) {
        mark[top.node] = Mark::done;
        stack.pop_back();
        continue;
      }
      const std::size_t j = top.next_call++;
      const Call& call = svc.calls[j];
      const int callee_service = s.service_index(call.service);
      if (callee_service < 0) continue;
      const int callee_endpoint = s.services[static_cast<std::size_t>(callee_service)].endpoint_index(call.endpoint);
      if (callee_endpoint < 0) continue;
      const std::size_t callee = first_node[static_cast<std::size_t>(callee_service)] + static_cast<std::size_t>(callee_endpoint);
      if (mark[callee] == Mark::active) {
        std::string cycle;
        auto from = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.node == callee; });
        for (auto it = from; it != stack.end(); ++it) cycle += name_of(it->node) + " -> ";
        cycle += name_of(callee);
        if (reported.insert({i, j}).second)
          ctx.error(call_path(static_cast<std::size_t>(i), call) / "service",
                    fmt::format("the call graph has a cycle: {}; expected calls to form a directed acyclic graph", cycle));
      } else if (mark[callee] == Mark::unvisited) {
        push(callee);
      }
    }
  }
}

}  // namespace

void check_references(LoadContext& ctx, const Scenario& scenario, const json& document) {
  check_unique_names(ctx, scenario.services, JsonPath() / "services", "service");
  check_unique_names(ctx, scenario.clients, JsonPath() / "clients", "client");
  ReferenceChecker(ctx, scenario, document).check_all();
  check_cycles(ctx, scenario);
}

}  // namespace chaossim::scenarios
