#include "reports/results_json.hpp"

#include <set>

#include <fmt/format.h>

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

template <class T>
ordered_json optional_json(const std::optional<T>& x) {
  return x ? ordered_json(*x) : ordered_json(nullptr);
}

ordered_json interval_json(const std::optional<Interval>& x) {
  return x ? ordered_json::array({x->first, x->second}) : ordered_json(nullptr);
}

// Each quantile's 95% confidence interval, beside latency_ms's figures.
ordered_json latency_ci_json(const MaybeLatency& l) {
  ordered_json j;
  for (std::size_t k = 0; k < summary_quantiles.size(); ++k)
    j[quantile_key(summary_quantiles[k])] = l ? interval_json(l->quantile_ci95[k]) : ordered_json(nullptr);
  return j;
}

ordered_json latency_json(const LatencySummary& l, bool full) {
  ordered_json j;
  j["mean"] = l.mean_ms;
  j["p50"] = l.p50_ms;
  if (full) j["p90"] = l.p90_ms;
  j["p95"] = l.p95_ms;
  j["p99"] = l.p99_ms;
  if (full) {
    j["p999"] = l.p999_ms;
    j["max"] = l.max_ms;
  }
  return j;
}

// The same shape as latency_ms, every figure null where no such request was answered.
ordered_json latency_json(const MaybeLatency& l, bool full) {
  if (l) return latency_json(*l, full);
  ordered_json j = latency_json(LatencySummary{}, full);
  for (auto& [key, value] : j.items()) value = nullptr;
  return j;
}

// latency_ms and, beside it, successes' and failures' (RESULTS-FORMAT v1.1).
template <class Summary>
void put_latencies(ordered_json& j, const Summary& s, bool full) {
  j["latency_ms"] = latency_json(s.latency, full);
  j["success_latency_ms"] = latency_json(s.success_latency, full);
  j["failure_latency_ms"] = latency_json(s.failure_latency, full);
}


template <class T>
ordered_json optional_array(const std::vector<std::optional<T>>& xs) {
  ordered_json a = ordered_json::array();
  for (const auto& x : xs) a.push_back(x ? ordered_json(*x) : ordered_json(nullptr));
  return a;
}

// One key per pattern that can refuse a call, in pattern_list.hpp's order.
ordered_json rejections_json(const RejectionCounts& counts) {
  ordered_json j = ordered_json::object();
  for (patterns::PatternKind kind : patterns::all_pattern_kinds)
    if (patterns::can_refuse(kind)) j[std::string(patterns::name_of(kind))] = counts[kind];
  return j;
}

ordered_json shed_json(const ShedSummary& shed) {
  ordered_json j = {{"total", shed.total}, {"fraction", shed.fraction}};
  for (std::size_t k = 0; k < patterns::shed_cause_count; ++k) j[std::string(patterns::shed_cause_names[k])] = shed.by_cause[k];
  return j;
}

ordered_json clients_json(const VariantSummary& v) {
  ordered_json clients = ordered_json::object();
  for (const auto& c : v.clients) {
    ordered_json cj;
    cj["requests"] = c.requests;
    cj["successes"] = c.successes;
    cj["failures"] = c.failures;
    cj["degraded"] = c.degraded;
    cj["availability"] = c.availability;
    cj["availability_ci95"] = interval_json(c.availability_ci95);
    cj["throughput_rps"] = c.throughput_rps;
    cj["goodput_rps"] = c.goodput_rps;
    put_latencies(cj, c, true);
    cj["latency_ms_ci95"] = latency_ci_json(c.latency);
    cj["success_latency_ms_ci95"] = latency_ci_json(c.success_latency);
    cj["failure_latency_ms_ci95"] = latency_ci_json(c.failure_latency);
    cj["sent"] = c.sent;
    cj["failures_by_cause"] = {
        {"error", c.errors}, {"unavailable", c.unavailable}, {"timeout", c.timeouts}, {"rejected", c.rejected},
        {"overloaded", c.overloaded}};
    cj["rejected_by"] = rejections_json(c.rejected_by);
    cj["mean_in_flight"] = c.mean_in_flight;
    cj["availability_by_replication"] = c.availability_by_replication;
    cj["degraded_fraction_by_replication"] = c.degraded_fraction_by_replication;
    cj["latency_ms_by_replication"] = {{"p50", optional_array(c.p50_ms_by_replication)},
                                       {"p95", optional_array(c.p95_ms_by_replication)},
                                       {"p99", optional_array(c.p99_ms_by_replication)}};
    cj["success_latency_ms_by_replication"] = {{"p50", optional_array(c.success_p50_ms_by_replication)},
                                               {"p95", optional_array(c.success_p95_ms_by_replication)},
                                               {"p99", optional_array(c.success_p99_ms_by_replication)}};
    if (c.under_capacity) {
      const UnderCapacity& u = *c.under_capacity;
      cj["under_capacity"] = {{"requests", u.requests}, {"failures", u.failures}, {"availability", optional_json(u.availability)},
                              {"availability_lost", u.availability_lost}};
    }
    clients[c.name] = std::move(cj);
  }

  return clients;
}

ordered_json services_json(const VariantSummary& v) {
  ordered_json services = ordered_json::object();
  for (const auto& s : v.services) {
    ordered_json sj;
    sj["requests"] = s.requests;
    sj["successes"] = s.successes;
    sj["failures"] = s.failures;
    sj["rejected"] = s.rejected;
    if (s.shed) sj["shed"] = shed_json(*s.shed);
    sj["utilization"] = s.utilization;
    sj["mean_queue"] = s.mean_queue;
    put_latencies(sj, s, false);
    sj["mean_busy"] = s.mean_busy;
    sj["throughput_rps"] = s.throughput_rps;
    sj["lost"] = s.lost;
    sj["degraded"] = s.degraded;
    sj["expired"] = s.expired;
    sj["cancelled"] = s.cancelled;
    sj["wasted"] = s.wasted;
    sj["wasted_busy"] = s.wasted_busy;
    sj["wasted_busy_by_replication"] = s.wasted_busy_by_replication;
    if (s.queue) {
      sj["redelivered"] = s.redelivered;
      sj["dead_letters"] = s.dead_letters;
    }
    if (s.scaling) {
      const ScalingSummary& a = *s.scaling;
      sj["autoscaling"] = {{"mean_instances", a.mean_instances},   {"mean_desired", a.mean_desired},
                           {"scale_outs", a.scale_outs},           {"scale_ins", a.scale_ins},
                           {"replacements", a.replacements},       {"time_to_scale_s", optional_json(a.time_to_scale_s)},
                           {"under_capacity_s", a.under_capacity_s}};
    }
    if (!s.pools.empty()) {
      ordered_json pools = ordered_json::object();
      for (const auto& p : s.pools)
        pools[p.name] = {{"endpoints", p.endpoints}, {"capacity", p.capacity}, {"reserved", p.reserved},
                         {"max_borrow", p.max_borrow}, {"requests", p.requests}, {"mean_busy", p.mean_busy},
                         {"mean_borrowed", p.mean_borrowed}, {"mean_queue", p.mean_queue}, {"borrowed", p.borrowed},
                         {"rejected", p.rejected}, {"timed_out", p.timed_out}};
      sj["pools"] = std::move(pools);
    }
    if (!s.levels.empty()) {  // a queue's, an autoscaled service's
      ordered_json levels = ordered_json::object();
      for (const auto& [name, mean] : s.levels) levels[name] = mean;
      sj["levels"] = std::move(levels);
    }
    if (!s.endpoints.empty()) {
      ordered_json endpoints = ordered_json::object();
      for (const auto& e : s.endpoints) {
        ordered_json ej;
        ej["requests"] = e.requests;
        ej["successes"] = e.successes;
        ej["failures"] = e.failures;
        ej["rejected"] = e.rejected;
        if (e.shed) ej["shed"] = shed_json(*e.shed);
        ej["degraded"] = e.degraded;
        ej["expired"] = e.expired;
        ej["cancelled"] = e.cancelled;
        ej["wasted"] = e.wasted;
        ej["throughput_rps"] = e.throughput_rps;
        put_latencies(ej, e, false);
        endpoints[e.name] = std::move(ej);
      }
      sj["endpoints"] = std::move(endpoints);
    }
    services[s.name] = std::move(sj);
  }

  return services;
}

ordered_json edges_json(const VariantSummary& v) {
  ordered_json edges = ordered_json::array();
  for (const auto& e : v.edges) {
    ordered_json ej;
    ej["from"] = e.info.from;
    ej["to"] = e.info.to;
    const auto name_or_null = [](const std::string& name) { return name.empty() ? ordered_json(nullptr) : ordered_json(name); };
    ej["from_endpoint"] = name_or_null(e.info.from_endpoint_name);
    ej["to_endpoint"] = name_or_null(e.info.to_endpoint_name);
    ej["pipeline"] = e.info.pipeline ? ordered_json(*e.info.pipeline) : ordered_json(nullptr);
    ej["calls"] = e.calls;
    ej["attempts"] = e.attempts;
    ej["retries"] = e.retries;
    ej["retry_amplification"] = e.retry_amplification;
    ej["attempts_per_call"] = e.attempts_per_call;
    ej["sent"] = e.sent;
    ej["timeouts"] = e.timeouts;
    ej["fallbacks"] = e.fallbacks;
    ej["degraded"] = e.degraded;
    ej["circuit_open_s"] = e.circuit_open_s;
    ej["circuit_half_open_s"] = e.circuit_half_open_s;
    ej["rejected"] = rejections_json(e.rejected_by);
    ej["rejected"]["retry_budget"] = e.rejected_retry_budget;
    ej["from_kind"] = e.info.from_client ? "client" : "service";
    // A fallback's calls to another service travel on an edge of their own.
    ej["role"] = sim::edge_role(e.info);
    ej["optional"] = e.info.optional;
    ej["successes"] = e.successes;
    ej["failures"] = e.failures;
    ej["lost"] = e.lost;
    ej["expired"] = e.expired;
    ej["cancelled"] = e.cancelled;
    ej["overloaded"] = e.overloaded;
    ej["unhealthy_instances_mean"] = e.unhealthy_mean;
    if (!e.levels.empty()) {
      ordered_json levels = ordered_json::object();
      for (const auto& [name, mean] : e.levels) levels[name] = mean;
      ej["levels"] = std::move(levels);
    }
    ej["retry_amplification_by_replication"] = e.retry_amplification_by_replication;
    ej["rejected_by_replication"] = e.rejected_by_replication;
    put_latencies(ej, e, false);
    edges.push_back(std::move(ej));
  }
  return edges;
}

// Each occurrence, and what was drawn for it, so that a run can be explained
// and its faults replayed.
ordered_json occurrences_json(const FaultSummary& f) {
  ordered_json out = ordered_json::array();
  for (const auto& o : f.occurrences) {
    ordered_json oj;
    oj["replication"] = o.replication;
    oj["nth"] = o.nth;
    oj["start_s"] = o.start_s;
    oj["end_s"] = o.end_s;
    oj["detect_s"] = optional_json(o.detect_s);
    oj["recover_s"] = optional_json(o.recover_s);
    oj["breach_s"] = o.breach_s;
    oj["availability"] = optional_json(o.availability);
    if (!o.instances.empty()) oj["instances"] = o.instances;
    if (!o.groups.empty()) oj["groups"] = o.groups;
    if (!o.views.empty()) {
      ordered_json views = ordered_json::object();
      for (const auto& [node, heard] : o.views) views[node] = heard;
      oj["views"] = std::move(views);
    }
    out.push_back(std::move(oj));
  }
  return out;
}

ordered_json faults_json(const VariantSummary& v) {
  ordered_json faults = ordered_json::array();
  for (const auto& f : v.faults) {
    ordered_json fj;
    fj["index"] = f.index;
    fj["kind"] = f.kind;
    fj["start_s"] = f.start_s;
    fj["end_s"] = f.end_s;
    fj["detect_s"] = optional_json(f.detect_s);
    fj["recover_s"] = optional_json(f.recover_s);
    if (!f.drain_s.empty()) {  // queues: how long after the fault each one's backlog was gone
      ordered_json drain = ordered_json::object();
      for (const auto& [queue, seconds] : f.drain_s) drain[queue] = optional_json(seconds);
      fj["drain_s"] = std::move(drain);
    }
    fj["subject"] = f.subject;
    fj["breach_s"] = f.breach_s;
    fj["availability"] = optional_json(f.availability);
    fj["detect_s_ci95"] = interval_json(f.detect_s_ci95);
    fj["recover_s_ci95"] = interval_json(f.recover_s_ci95);
    fj["breach_s_ci95"] = interval_json(f.breach_s_ci95);
    fj["detect_s_by_replication"] = optional_array(f.detect_s_by_replication);
    fj["recover_s_by_replication"] = optional_array(f.recover_s_by_replication);
    fj["breach_s_by_replication"] = f.breach_s_by_replication;
    if (f.held_back) fj["held_back"] = *f.held_back;
    fj["occurrences"] = occurrences_json(f);
    faults.push_back(std::move(fj));
  }

  return faults;
}

ordered_json checks_json(const std::vector<SloCheck>& checks) {
  ordered_json out = ordered_json::array();
  for (const auto& c : checks)
    out.push_back({{"name", c.name},
                   {"objective", c.objective},
                   {"actual", optional_json(c.actual)},
                   {"met", c.met()},
                   {"verdict", verdict_name(c.verdict)},
                   {"ci95", interval_json(c.ci95)}});
  return out;
}

// The SLO's checks before the first fault and from it on: the hypothesis a
// Chaos Toolkit journal reports (steady_state.hpp).
ordered_json steady_state_json(const SteadyState& state) {
  const auto window = [](const SteadyWindow& w) {
    return ordered_json{{"start_s", w.start_s}, {"end_s", w.end_s}, {"met", w.met()}, {"verdict", verdict_name(w.verdict())},
                        {"checks", checks_json(w.checks)}};
  };
  return {{"before", window(state.before)}, {"after", window(state.after)}};
}

ordered_json slo_json(const VariantSummary& v) {
  if (v.slo_client)
    return {{"client", *v.slo_client}, {"met", v.slo_met()}, {"verdict", verdict_name(v.slo_verdict())}, {"checks", checks_json(v.slo_checks)}};
  return nullptr;
}

// Per bucket, over replications: what the charts draw. A long run's series
// are thinned to what a chart can show (thinning.hpp); the CSV has them whole.
ordered_json timeseries_json(const VariantSummary& v) {
  ordered_json series;
  if (v.series_every > 1) {
    series["every_buckets"] = v.series_every;
    series["points"] = fmt::format("{} buckets in groups of {}: each group's lowest and highest value, in time order; "
                                   "timeseries.csv has every bucket",
                                   v.buckets, v.series_every);
  }
  series["bucket_start_s"] = v.point_starts_s;
  ordered_json cs = ordered_json::object();
  for (std::size_t i = 0; i < v.clients.size(); ++i) {
    const auto& s = v.client_series[i];
    cs[v.clients[i].name] = {{"requests", s.requests},       {"successes", s.successes},
                             {"failures", s.failures},       {"availability", optional_array(s.availability)},
                             {"mean_ms", optional_array(s.mean_ms)}, {"p50_ms", optional_array(s.p50_ms)}, {"p95_ms", optional_array(s.p95_ms)},
                             {"p99_ms", optional_array(s.p99_ms)}, {"success_p50_ms", optional_array(s.success_p50_ms)},
                             {"success_p95_ms", optional_array(s.success_p95_ms)},
                             {"success_p99_ms", optional_array(s.success_p99_ms)},
                             {"sent", s.sent}, {"degraded", s.degraded}, {"failure_p99_ms", optional_array(s.failure_p99_ms)}};
  }
  series["clients"] = std::move(cs);
  ordered_json ss = ordered_json::object();
  for (std::size_t i = 0; i < v.services.size(); ++i) {
    const auto& s = v.service_series[i];
    ss[v.services[i].name] = {{"utilization", s.utilization}, {"mean_queue", s.mean_queue}, {"rejected", s.rejected},
                              {"lost", s.lost}, {"latency_mean_ms", optional_array(s.latency_mean_ms)},
                              {"success_latency_mean_ms", optional_array(s.success_latency_mean_ms)}};
    if (v.services[i].scaling) {
      ss[v.services[i].name]["instances"] = s.instances;
      ss[v.services[i].name]["instances_desired"] = s.instances_desired;
    }
    if (v.services[i].shed) ss[v.services[i].name]["shed"] = s.shed;
  }
  series["services"] = std::move(ss);
  ordered_json es = ordered_json::array();
  for (std::size_t i = 0; i < v.edges.size(); ++i) {
    const auto& s = v.edge_series[i];
    es.push_back({{"from", v.edges[i].info.from}, {"to", v.edges[i].info.to}, {"circuit_open", s.circuit_open},
                  {"circuit_half_open", s.circuit_half_open},
                  {"attempts", s.attempts}, {"retries", s.retries}, {"timeouts", s.timeouts}, {"rejected", s.rejected}});
    if (!s.levels.empty()) {
      ordered_json levels = ordered_json::object();
      for (const auto& [name, means] : s.levels) levels[name] = means;
      es.back()["levels"] = std::move(levels);
    }
  }
  series["edges"] = std::move(es);
  // The fault windows, so that a chart can shade them: each occurrence's,
  // once however many replications it played in.
  ordered_json windows = ordered_json::array();
  for (const auto& f : v.faults) {
    std::set<std::pair<double, double>> shown;
    for (const auto& o : f.occurrences) {
      if (!shown.insert({o.start_s, o.end_s}).second) continue;
      windows.push_back({{"index", f.index}, {"kind", f.kind}, {"subject", f.subject}, {"start_s", o.start_s}, {"end_s", o.end_s}});
    }
  }
  series["faults"] = std::move(windows);
  return series;
}

}  // namespace

ordered_json variant_json(const VariantSummary& v) {
  ordered_json j;
  j["schema"] = results_schema_id;
  j["scenario"] = v.scenario;
  j["scenario_hash"] = v.scenario_hash;
  j["variant"] = v.variant;
  j["seed"] = v.seed;
  j["replications"] = v.replications;
  j["duration_s"] = v.duration_s;
  j["warmup_s"] = v.warmup_s;
  j["bucket_s"] = v.bucket_s;
  j["warnings"] = v.warnings;

  j["clients"] = clients_json(v);
  j["services"] = services_json(v);
  j["edges"] = edges_json(v);
  j["faults"] = faults_json(v);
  j["slo"] = slo_json(v);
  if (v.steady_state) j["steady_state"] = steady_state_json(*v.steady_state);
  j["timeseries"] = timeseries_json(v);
  return j;
}

ordered_json results_json(const std::vector<VariantSummary>& variants, bool several) {
  if (!several) return variant_json(variants.front());
  ordered_json j;
  j["schema"] = results_schema_id;
  j["scenario"] = variants.front().scenario;
  ordered_json all = ordered_json::object();
  for (const auto& v : variants) all[v.variant] = variant_json(v);
  j["variants"] = std::move(all);
  return j;
}

}  // namespace chaossim::reports
