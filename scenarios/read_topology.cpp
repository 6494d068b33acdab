#include <algorithm>

#include <fmt/format.h>

#include "scenarios/readers.hpp"

namespace chaossim::scenarios {
namespace {

const EnumTable<NetworkModel> network_models{
    {"constant", NetworkModel::constant}, {"CM02", NetworkModel::cm02}, {"LV08", NetworkModel::lv08}};
const EnumTable<LossRecovery> loss_recoveries{{"retransmit", LossRecovery::retransmit}, {"silent", LossRecovery::silent}};
const EnumTable<DistKind> distributions{{"constant", DistKind::constant},
                                        {"exponential", DistKind::exponential},
                                        {"lognormal", DistKind::lognormal},
                                        {"uniform", DistKind::uniform}};
}  // namespace

Distribution read_distribution(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::distribution);
  Distribution d;
  auto kind = r.enumeration("dist", Need::required, distributions);
  if (!kind) return d;
  d.kind = *kind;
  const auto allow_only = [&](std::vector<std::string_view> allowed) {
    for (auto key : specs::distribution.keys) {
      if (key == "dist") continue;
      bool ok = false;
      for (auto a : allowed) ok = ok || a == key;
      if (!ok) r.forbid(key, fmt::format("dist \"{}\" takes {}", r.get("dist")->get<std::string>(), fmt::join(allowed, ", ")));
    }
  };
  switch (d.kind) {
    case DistKind::constant:
      allow_only({"value"});
      d.value_s = r.duration("value", Need::required).value_or(0);
      break;
    case DistKind::exponential:
      allow_only({"mean"});
      d.mean_s = r.duration("mean", Need::required, Bounds::above(0)).value_or(1);
      break;
    case DistKind::lognormal: {
      allow_only({"median", "p99"});
      auto median = r.duration("median", Need::required, Bounds::above(0));
      auto p99 = r.duration("p99", Need::required, Bounds::above(0));
      if (median && p99 && *p99 <= *median) {
        r.error("p99", fmt::format("found p99 {}s not above median {}s, expected p99 > median", *p99, *median));
        p99.reset();
      }
      d.median_s = median.value_or(1);
      d.p99_s = p99.value_or(d.median_s * 2);
      break;
    }
    case DistKind::uniform: {
      allow_only({"min", "max"});
      auto lo = r.duration("min", Need::required);
      auto hi = r.duration("max", Need::required);
      if (lo && hi && *hi < *lo) {
        r.error("max", fmt::format("found max {}s below min {}s, expected max >= min", *hi, *lo));
        hi.reset();
      }
      d.min_s = lo.value_or(0);
      d.max_s = hi.value_or(d.min_s);
      break;
    }
  }
  return d;
}

namespace {

Call read_call(LoadContext& ctx, const json& node, const JsonPath& path, bool alternative) {
  ObjectReader r(ctx, &node, path, specs::call);
  Call c;
  if (alternative)
    c.weight = r.number("weight", Need::required, Bounds::above(0)).value_or(1);
  else
    r.forbid("weight", "a weight chooses among the alternatives of a \"one_of\"");
  c.service = r.string("service", Need::required).value_or("");
  c.endpoint = r.string("endpoint", Need::optional);
  c.pipeline = r.string("pipeline", Need::optional);
  c.optional = r.boolean("optional", Need::optional).value_or(false);
  c.probability = r.number("probability", Need::optional, Bounds::between(0, 1)).value_or(1);
  c.repeat = static_cast<int>(r.integer("repeat", Need::optional, Bounds::between(1, 1000)).value_or(1));
  c.parallel = r.boolean("parallel", Need::optional).value_or(false);
  c.propagate_deadline = r.boolean("propagate_deadline", Need::optional).value_or(false);
  c.cancel_on_timeout = r.boolean("cancel_on_timeout", Need::optional).value_or(false);
  read_message_sizes(r, c.request_bytes, c.response_bytes);
  read_connections(r, c.connections);
  c.quorum = c.repeat;
  if (auto quorum = r.integer("quorum", Need::optional, Bounds::between(1, 1000))) {
    if (!c.parallel)
      r.error("quorum", "a quorum without \"parallel\": true, expected it only where the calls go out at once");
    else if (*quorum > c.repeat)
      r.error("quorum", fmt::format("{}, expected at most \"repeat\" ({}): the successes waited for are among the calls made", *quorum,
                                    c.repeat));
    else
      c.quorum = static_cast<int>(*quorum);
  }
  return c;
}

// A call, or a "one_of" whose alternatives become consecutive calls of one branch.
void read_calls(LoadContext& ctx, const json& node, const JsonPath& path, std::size_t written_at, std::vector<Call>& out) {
  const std::size_t first = out.size();
  if (!node.is_object() || !node.contains("one_of")) {
    out.push_back(read_call(ctx, node, path, false));
  } else {
    ObjectReader r(ctx, &node, path, specs::branch);
    const json* alternatives = r.get("one_of");
    if (!alternatives->is_array() || alternatives->size() < 2) {
      r.error("one_of", describe(*alternatives) + ", expected an array of at least two alternative calls");
      return;
    }
    int k = 0;
    for_each_element(ctx, alternatives, r.path_of("one_of"), [&](const json& a, const JsonPath& ap) {
      if (a.is_object() && a.contains("one_of")) {
        ctx.error(ap / "one_of", "a one_of inside a one_of, expected alternatives that are calls (weights multiply: write them out)");
        return;
      }
      out.push_back(read_call(ctx, a, ap, true));
      out.back().alternative = k++;
    });
  }
  for (std::size_t i = first; i < out.size(); ++i) {
    out[i].branch_first = first;
    out[i].branch_size = out.size() - first;
    out[i].written_at = written_at;
  }
}

}  // namespace

void read_message_sizes(ObjectReader& r, std::optional<std::uint64_t>& request, std::optional<std::uint64_t>& response) {
  const auto size = [&r](std::string_view key) -> std::optional<std::uint64_t> {
    if (auto n = r.integer(key, Need::optional, Bounds::at_least(1))) return static_cast<std::uint64_t>(*n);
    return std::nullopt;
  };
  request = size("request_bytes");
  response = size("response_bytes");
}

Network read_network(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::network);
  Network n;
  n.model = r.enumeration("model", Need::optional, network_models).value_or(n.model);
  if (const json* latency = r.get("latency"); latency && latency->is_object())
    n.hop_latency = read_distribution(ctx, *latency, r.path_of("latency"));
  else
    n.latency_s = r.duration("latency", Need::optional).value_or(n.latency_s);
  n.bandwidth_bps = r.bandwidth("bandwidth", Need::optional).value_or(n.bandwidth_bps);
  n.message_bytes = static_cast<std::uint64_t>(r.integer("message_bytes", Need::optional, Bounds::at_least(1)).value_or(1024));
  n.transport_timeout_s = r.duration("transport_timeout", Need::optional, Bounds::above(0)).value_or(n.transport_timeout_s);
  n.loss = r.enumeration("loss", Need::optional, loss_recoveries).value_or(n.loss);
  n.min_rto_s = r.duration("min_rto", Need::optional, Bounds::above(0)).value_or(n.min_rto_s);
  n.retransmissions = static_cast<int>(r.integer("retransmissions", Need::optional, Bounds::between(0, 100)).value_or(n.retransmissions));
  return n;
}

// What an endpoint has of its own, written in an endpoint or, for a service
// without endpoints, in the service: its service time, errors and calls.
void read_endpoint_body(LoadContext& ctx, ObjectReader& r, ServiceEndpoint& ep, std::vector<Call>& calls, int written_endpoint) {
  r.require("service_time", "a distribution");
  if (const json* st = r.get("service_time")) ep.service_time = read_distribution(ctx, *st, r.path_of("service_time"));
  if (const json* e = r.get("errors"); e && e->is_object()) {
    ObjectReader er(ctx, e, r.path_of("errors"), specs::error_rates);
    ep.errors = er.number("server", Need::optional, Bounds::between(0, 1)).value_or(0);
    ep.client_errors = er.number("client", Need::optional, Bounds::between(0, 1)).value_or(0);
  } else {
    ep.errors = r.number("errors", Need::optional, Bounds::between(0, 1)).value_or(0);
  }
  ep.priority = r.enumeration("priority", Need::optional, priorities());
  ep.first_call = calls.size();
  std::size_t written = 0;
  for_each_element(ctx, r.get("calls"), r.path_of("calls"), [&](const json& c, const JsonPath& cp) {
    const std::size_t first = calls.size();
    read_calls(ctx, c, cp, written++, calls);
    for (std::size_t k = first; k < calls.size(); ++k) calls[k].written_endpoint = written_endpoint;
  });
  ep.end_call = calls.size();
}

const EnumTable<QueueDiscipline> disciplines{
    {"fifo", QueueDiscipline::fifo}, {"lifo", QueueDiscipline::lifo}, {"adaptive_lifo", QueueDiscipline::adaptive_lifo}};

const EnumTable<Concurrency> concurrencies{{"threads", Concurrency::threads}, {"async", Concurrency::async}};

enum class ServiceKind { service, queue };
const EnumTable<ServiceKind> service_kinds{{"service", ServiceKind::service}, {"queue", ServiceKind::queue}};

QueueConfig read_queue(LoadContext& ctx, ObjectReader& r) {
  for (const char* key : {"instances", "workers", "cores", "scalability", "gc", "restart", "local_cache", "concurrency", "max_in_flight", "queue", "discipline", "service_time",
                          "errors", "balancer", "balancer_view", "weights", "slow_start", "calls", "endpoints", "autoscaling", "zones", "prefer_same_zone", "admission", "priority", "worker_pools"})
    r.forbid(key, "a queue does no work of its own: its consumers do");
  QueueConfig q;
  q.capacity = static_cast<int>(r.integer("capacity", Need::required, Bounds::between(1, 1e7)).value_or(1));
  q.visibility_timeout_s = r.duration("visibility_timeout", Need::optional, Bounds::above(0)).value_or(q.visibility_timeout_s);
  q.max_deliveries = static_cast<int>(r.integer("max_deliveries", Need::optional, Bounds::between(1, 1000)).value_or(q.max_deliveries));
  r.require("consumers", "an array of consumers");
  for_each_element(ctx, r.get("consumers"), r.path_of("consumers"), [&](const json& c, const JsonPath& cp) {
    ObjectReader cr(ctx, &c, cp, specs::consumer);
    Consumer consumer;
    consumer.service = cr.string("service", Need::required).value_or("");
    consumer.endpoint = cr.string("endpoint", Need::optional);
    consumer.concurrency = static_cast<int>(cr.integer("concurrency", Need::optional, Bounds::between(1, 100000)).value_or(1));
    consumer.poll_interval_s = cr.duration("poll_interval", Need::optional, Bounds::above(0)).value_or(consumer.poll_interval_s);
    q.consumers.push_back(std::move(consumer));
  });
  return q;
}

std::vector<Service> read_services(LoadContext& ctx, const json* node, const JsonPath& path) {
  std::vector<Service> out;
  for_each_element(ctx, node, path, [&](const json& element, const JsonPath& at) {
    ObjectReader r(ctx, &element, at, specs::service);
    Service s;
    s.name = r.name("name").value_or("");
    if (r.enumeration("kind", Need::optional, service_kinds).value_or(ServiceKind::service) == ServiceKind::queue) {
      s.broker = read_queue(ctx, r);
      s.endpoints.emplace_back();
      out.push_back(std::move(s));
      return;
    }
    for (const char* key : {"capacity", "visibility_timeout", "max_deliveries", "consumers"})
      r.forbid(key, "only a queue (\"kind\": \"queue\") takes it");
    const auto instances = r.integer("instances", Need::optional, Bounds::between(1, 10000));
    s.instances = static_cast<int>(instances.value_or(1));
    if (const json* scaling = r.get("autoscaling")) {
      s.autoscaling = read_autoscaling(ctx, *scaling, r.path_of("autoscaling"));
      // Without a count of its own it starts with its fewest.
      if (!instances) s.instances = s.autoscaling->min_instances;
      if (s.instances < s.autoscaling->min_instances || s.instances > s.autoscaling->max_instances)
        r.error("instances", fmt::format("{}, expected the count it starts with, between autoscaling's min_instances ({}) and "
                                         "max_instances ({})", s.instances, s.autoscaling->min_instances, s.autoscaling->max_instances));
    }
    s.workers = static_cast<int>(r.integer("workers", Need::optional, Bounds::between(1, 1000000)).value_or(1));
    s.cores = r.number("cores", Need::optional, Bounds{0, 1e6, true});
    if (const json* usl = r.get("scalability")) {
      ObjectReader ur(ctx, usl, r.path_of("scalability"), specs::scalability);
      Scalability law;
      law.contention = ur.number("contention", Need::optional, Bounds::between(0, 0.999999)).value_or(0);
      law.coherency = ur.number("coherency", Need::optional, Bounds::between(0, 1)).value_or(0);
      s.scalability = law;
    }
    if (const json* gc = r.get("gc")) {
      ObjectReader gr(ctx, gc, r.path_of("gc"), specs::gc);
      GarbageCollection collector;
      collector.interval_s = gr.duration("interval", Need::required, Bounds::above(0)).value_or(1);
      collector.pause_s = gr.duration("pause", Need::optional, Bounds::at_least(0)).value_or(0);
      collector.pause_per_request_s = gr.duration("pause_per_request", Need::optional, Bounds::at_least(0)).value_or(0);
      s.gc = collector;
    }
    if (const json* restart = r.get("restart")) s.restart = read_restart(ctx, *restart, r.path_of("restart"));
    if (const json* cache = r.get("local_cache")) {
      ObjectReader cr(ctx, cache, r.path_of("local_cache"), specs::local_cache);
      LocalCache local;
      local.capacity = static_cast<int>(cr.integer("capacity", Need::optional, Bounds::between(1, 1e7)).value_or(local.capacity));
      local.ttl_s = cr.duration("ttl", Need::optional, Bounds::above(0)).value_or(local.ttl_s);
      s.local_cache = local;
    }
    s.concurrency = r.enumeration("concurrency", Need::optional, concurrencies).value_or(s.concurrency);
    if (auto cap = r.integer("max_in_flight", Need::optional, Bounds::between(1, 1e9))) {
      if (s.concurrency != Concurrency::async)
        r.error("max_in_flight",
                "without \"concurrency\": \"async\", expected none: a thread holds each request to its end, so workers bound it");
      else
        s.max_in_flight = static_cast<int>(*cap);
    }
    if (auto q = r.integer("queue", Need::optional, Bounds::between(0, 1e9))) s.queue = static_cast<int>(*q);
    s.discipline = r.enumeration("discipline", Need::optional, disciplines).value_or(s.discipline);
    read_balancing(ctx, r, s);
    if (const json* admission = r.get("admission")) s.admission = read_admission(ctx, *admission, r.path_of("admission"));
    const json* endpoints = r.get("endpoints");
    if (endpoints == nullptr) {
      read_endpoint_body(ctx, r, s.endpoints.emplace_back(), s.calls, -1);
    } else {
      for (const char* key : {"service_time", "errors", "calls", "priority"})
        r.forbid(key, "a service with endpoints has them per endpoint");
      if (!endpoints->is_array() || endpoints->empty() || endpoints->size() > 1000) {
        r.error("endpoints", describe(*endpoints) + ", expected an array of 1 to 1,000 endpoints");
      } else {
        for_each_element(ctx, endpoints, r.path_of("endpoints"), [&](const json& e, const JsonPath& ep_at) {
          ObjectReader er(ctx, &e, ep_at, specs::endpoint);
          ServiceEndpoint ep;
          ep.name = er.name("name").value_or("?");
          read_endpoint_body(ctx, er, ep, s.calls, static_cast<int>(s.endpoints.size()));
          if (const json* admission = er.get("admission")) {
            ep.admission = read_admission(ctx, *admission, er.path_of("admission"));
            // What an instance holds is all its endpoints' requests: a cap is the service's.
            if (ep.admission->max_concurrent)
              ctx.error(er.path_of("admission") / std::string("max_concurrent"),
                        "on an endpoint, expected it in the service's admission: it caps what an instance holds of every endpoint");
          }
          s.endpoints.push_back(std::move(ep));
        });
      }
    }
    if (s.endpoints.empty()) s.endpoints.emplace_back();  // after an error: keep the model's shape
    if (const json* pools = r.get("worker_pools")) {
      r.forbid("queue", "with worker_pools each pool has its own queue (max_queue)");
      r.forbid("discipline", "worker pools serve their queues first in, first out (their max_wait counts on it)");
      if (s.concurrency == Concurrency::async)
        r.error("concurrency", "\"async\" with worker_pools, expected \"threads\": a pool's workers are threads held to each request's end");
      read_worker_pools(ctx, *pools, r.path_of("worker_pools"), s);
      if (s.worker_pools) {
        const int workers = s.worker_pools->workers();
        if (r.has("workers") && s.workers != workers)
          r.error("workers", fmt::format("{}, expected the pools' reserved workers and the flex ones: {}", s.workers, workers));
        s.workers = workers;
      }
    }
    out.push_back(std::move(s));
  });
  return out;
}

std::vector<Client> read_clients(LoadContext& ctx, const json* node, const JsonPath& path) {
  std::vector<Client> out;
  for_each_element(ctx, node, path, [&](const json& element, const JsonPath& at) {
    ObjectReader r(ctx, &element, at, specs::client);
    Client c;
    c.name = r.name("name").value_or("");
    c.target = r.string("target", Need::required).value_or("");
    c.endpoint = r.string("endpoint", Need::optional);
    c.pipeline = r.string("pipeline", Need::optional);
    c.zone = r.string("zone", Need::optional);
    r.require("arrival");
    if (r.has("arrival")) c.arrival = read_arrival(ctx, r.get("arrival"), r.path_of("arrival"));
    c.deadline_s = r.duration("deadline", Need::optional, Bounds::above(0));
    c.propagate_deadline = r.boolean("propagate_deadline", Need::optional).value_or(false);
    read_message_sizes(r, c.request_bytes, c.response_bytes);
    read_connections(r, c.connections);
    c.cancel_on_timeout = r.boolean("cancel_on_timeout", Need::optional).value_or(false);
    c.priority = r.enumeration("priority", Need::optional, priorities()).value_or(c.priority);
    if (const json* k = r.get("keys")) {
      ObjectReader kr(ctx, k, r.path_of("keys"), specs::keys);
      Keys keys;
      keys.count = static_cast<int>(kr.integer("count", Need::required, Bounds::between(1, 1e6)).value_or(1));
      keys.zipf = kr.number("zipf", Need::optional, Bounds::at_least(0)).value_or(0);
      c.keys = keys;
    }
    out.push_back(std::move(c));
  });
  return out;
}

}  // namespace chaossim::scenarios
