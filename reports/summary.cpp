#include "reports/summary.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "reports/latency_pool.hpp"
#include "reports/series_pass.hpp"
#include "reports/statistics.hpp"
#include "reports/utilization.hpp"
#include "sim/histogram.hpp"

namespace chaossim::reports {
namespace {

using sim::Counter;
using sim::LatencyHistogram;
using sim::Level;

// One subject in one replication, over the buckets after warmup.
struct Totals {
  std::array<std::uint64_t, sim::counter_count> counts{};
  RejectionCounts rejected_by;
  std::array<double, sim::level_count> area{};
  LatencyPool latency;
  double span_s = 0;
  std::vector<double> named_area;  // SubjectResult::level_names, in their order

  std::uint64_t operator[](Counter c) const { return counts[static_cast<std::size_t>(c)]; }
  double level_mean(Level l) const { return span_s > 0 ? area[static_cast<std::size_t>(l)] / span_s : 0; }
};

Totals totals(const sim::SubjectResult& subject, const scenarios::Scenario& s) {
  Totals t;
  const sim::SubjectTotals& in = subject.totals;
  t.counts = in.counts;
  t.rejected_by.by_kind = in.rejected_by;
  t.area = in.area;
  t.latency.set(in);
  t.named_area = in.named_area;
  t.span_s = s.duration_s - s.warmup_s;
  return t;
}

template <class Get>
std::vector<double> per_replication(const std::vector<Totals>& reps, Get get) {
  std::vector<double> out;
  for (const auto& t : reps) out.push_back(get(t));
  return out;
}

template <class Get>
std::uint64_t summed(const std::vector<Totals>& reps, Get get) {
  std::uint64_t n = 0;
  for (const auto& t : reps) n += get(t);
  return n;
}

RejectionCounts rejections(const std::vector<Totals>& reps) {
  RejectionCounts out;
  for (const auto& t : reps)
    for (std::size_t k = 0; k < patterns::pattern_count; ++k) out.by_kind[k] += t.rejected_by.by_kind[k];
  return out;
}

double* quantile_field(LatencySummary& l, std::size_t k) {
  std::array<double*, summary_quantiles.size()> fields{&l.p50_ms, &l.p90_ms, &l.p95_ms, &l.p99_ms, &l.p999_ms};
  return fields[k];
}

std::size_t quantile_index(double q) {
  for (std::size_t k = 0; k < summary_quantiles.size(); ++k)
    if (summary_quantiles[k] == q) return k;
  throw std::invalid_argument("no summary quantile " + std::to_string(q));
}

// Means and quantiles averaged over the replications that answered such a
// request (LatencySummary's one definition); the maximum is the largest
// seen. nullopt when none did.
std::optional<LatencySummary> latency_of(const std::vector<Totals>& reps, Answered which) {
  std::vector<const LatencyPool*> answered;
  for (const auto& t : reps)
    if (!t.latency.empty(which)) answered.push_back(&t.latency);
  if (answered.empty()) return std::nullopt;
  const auto each = [&](auto get) {
    std::vector<double> out;
    for (const LatencyPool* p : answered) out.push_back(*get(*p));
    return out;
  };
  LatencySummary l;
  l.mean_ms = mean(each([&](const LatencyPool& p) { return p.mean_ms(which); }));
  for (std::size_t k = 0; k < summary_quantiles.size(); ++k) {
    const auto values = each([&](const LatencyPool& p) { return p.quantile_ms(which, summary_quantiles[k]); });
    const double m = mean(values);
    *quantile_field(l, k) = m;
    l.quantile_ci95[k] = mean_ci_at_resolution(values, sim::LatencyHistogram::resolution_at(m / 1e3) * 1e3);
  }
  for (const LatencyPool* p : answered) l.max_ms = std::max(l.max_ms, *p->max_ms(which));
  return l;
}

// latency_ms: all answered requests, zeros when there are none (v1's shape);
// success_latency_ms and failure_latency_ms: null figures when there are none.
template <class Summary>
void summarize_latency(Summary& s, const std::vector<Totals>& reps) {
  s.latency = latency_of(reps, Answered::all).value_or(LatencySummary{});
  s.success_latency = latency_of(reps, Answered::success);
  s.failure_latency = latency_of(reps, Answered::failure);
}

std::vector<Totals> totals_of(const std::vector<sim::ReplicationResult>& runs, const scenarios::Scenario& s,
                              std::vector<sim::SubjectResult> sim::ReplicationResult::*subjects, std::size_t index) {
  std::vector<Totals> out;
  for (const auto& run : runs) out.push_back(totals((run.*subjects)[index], s));
  return out;
}

// A named level's mean over time in one replication; 0 when it keeps none such.
double named_mean(const Totals& t, const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t k = 0; k < names.size() && k < t.named_area.size(); ++k)
    if (names[k] == name) return t.span_s > 0 ? t.named_area[k] / t.span_s : 0;
  return 0;
}

ScalingSummary scaling_summary(const std::vector<Totals>& reps, const std::vector<std::string>& names) {
  ScalingSummary out;
  out.mean_instances = mean(per_replication(reps, [&](const Totals& t) { return named_mean(t, names, "instances"); }));
  out.mean_desired = mean(per_replication(reps, [&](const Totals& t) { return named_mean(t, names, "instances_desired"); }));
  out.scale_outs = summed(reps, [](const Totals& t) { return t[Counter::scale_outs]; });
  out.scale_ins = summed(reps, [](const Totals& t) { return t[Counter::scale_ins]; });
  out.replacements = summed(reps, [](const Totals& t) { return t[Counter::replacements]; });
  // Each decision waiting adds one to the pending level while it waits: its
  // area over all replications is their waiting, summed.
  double waited = 0;
  for (const auto& t : reps) waited += named_mean(t, names, "scale_outs_pending") * t.span_s;
  if (out.scale_outs > 0) out.time_to_scale_s = waited / static_cast<double>(out.scale_outs);
  out.under_capacity_s = mean(per_replication(reps, [&](const Totals& t) { return named_mean(t, names, "under_capacity") * t.span_s; }));
  return out;
}

ClientSummary client_summary(const std::string& name, const std::vector<Totals>& reps, bool autoscaled) {
  ClientSummary c;
  c.name = name;
  c.sent = summed(reps, [](const Totals& t) { return t[Counter::sent]; });
  c.requests = summed(reps, [](const Totals& t) { return t[Counter::requests]; });
  c.successes = summed(reps, [](const Totals& t) { return t[Counter::successes]; });
  c.failures = summed(reps, [](const Totals& t) { return t[Counter::failures]; });
  c.degraded = summed(reps, [](const Totals& t) { return t[Counter::degraded]; });
  c.errors = summed(reps, [](const Totals& t) { return t[Counter::errors]; });
  c.unavailable = summed(reps, [](const Totals& t) { return t[Counter::unavailable]; });
  c.timeouts = summed(reps, [](const Totals& t) { return t[Counter::timeouts]; });
  c.rejected = summed(reps, [](const Totals& t) { return t[Counter::rejected]; });
  c.overloaded = summed(reps, [](const Totals& t) { return t[Counter::overloaded]; });
  c.rejected_by = rejections(reps);
  if (autoscaled) {
    UnderCapacity u;
    u.requests = summed(reps, [](const Totals& t) { return t[Counter::ended_under_capacity]; });
    u.failures = summed(reps, [](const Totals& t) { return t[Counter::failed_under_capacity]; });
    if (u.requests > 0) u.availability = 1 - static_cast<double>(u.failures) / static_cast<double>(u.requests);
    u.availability_lost = mean(per_replication(reps, [](const Totals& t) {
      return t[Counter::requests] == 0 ? 0.0 : static_cast<double>(t[Counter::failed_under_capacity]) / static_cast<double>(t[Counter::requests]);
    }));
    c.under_capacity = u;
  }
  c.availability_by_replication = per_replication(reps, [](const Totals& t) {
    return t[Counter::requests] == 0 ? 1.0 : static_cast<double>(t[Counter::successes]) / static_cast<double>(t[Counter::requests]);
  });
  c.availability = mean(c.availability_by_replication);
  c.availability_ci95 = mean_ci(c.availability_by_replication);
  c.throughput_rps = mean(per_replication(reps, [](const Totals& t) { return static_cast<double>(t[Counter::requests]) / t.span_s; }));
  c.goodput_rps = mean(per_replication(reps, [](const Totals& t) { return static_cast<double>(t[Counter::successes]) / t.span_s; }));
  c.mean_in_flight = mean(per_replication(reps, [](const Totals& t) { return t.level_mean(Level::in_flight); }));
  summarize_latency(c, reps);
  for (const auto& t : reps) {
    const auto q = [&](double p) { return t.latency.quantile_ms(Answered::all, p); };
    c.p50_ms_by_replication.push_back(q(0.50));
    c.p95_ms_by_replication.push_back(q(0.95));
    c.p99_ms_by_replication.push_back(q(0.99));
    c.success_p50_ms_by_replication.push_back(t.latency.quantile_ms(Answered::success, 0.50));
    c.success_p95_ms_by_replication.push_back(t.latency.quantile_ms(Answered::success, 0.95));
    c.success_p99_ms_by_replication.push_back(t.latency.quantile_ms(Answered::success, 0.99));
  }
  c.degraded_fraction_by_replication = per_replication(reps, [](const Totals& t) {
    return t[Counter::requests] == 0 ? 0.0 : static_cast<double>(t[Counter::degraded]) / static_cast<double>(t[Counter::requests]);
  });
  return c;
}

ShedSummary shed_summary(const std::vector<Totals>& reps) {
  ShedSummary out;
  out.total = summed(reps, [](const Totals& t) { return t[Counter::shed]; });
  for (std::size_t k = 0; k < patterns::shed_cause_count; ++k) {
    const auto counter = static_cast<Counter>(static_cast<std::size_t>(Counter::shed_rate_limit) + k);
    out.by_cause[k] = summed(reps, [counter](const Totals& t) { return t[counter]; });
  }
  const std::uint64_t arrived = summed(reps, [](const Totals& t) { return t[Counter::requests]; });
  out.fraction = arrived == 0 ? 0 : static_cast<double>(out.total) / static_cast<double>(arrived);
  return out;
}

ServiceSummary service_summary(const scenarios::Service& config, const std::vector<Totals>& reps,
                               const std::vector<std::string>& level_names) {
  ServiceSummary s;
  s.name = config.name;
  s.queue = config.broker.has_value();
  if (config.autoscaling) s.scaling = scaling_summary(reps, level_names);
  s.redelivered = summed(reps, [](const Totals& t) { return t[Counter::redelivered]; });
  s.dead_letters = summed(reps, [](const Totals& t) { return t[Counter::dead_letters]; });
  for (std::size_t k = 0; k < level_names.size(); ++k)
    s.levels.emplace_back(level_names[k], mean(per_replication(reps, [k](const Totals& t) { return t.span_s > 0 ? t.named_area[k] / t.span_s : 0; })));
  s.requests = summed(reps, [](const Totals& t) { return t[Counter::requests]; });
  s.successes = summed(reps, [](const Totals& t) { return t[Counter::successes]; });
  s.failures = summed(reps, [](const Totals& t) { return t[Counter::failures]; });
  s.rejected = summed(reps, [](const Totals& t) { return t[Counter::rejected]; });
  if (config.sheds()) s.shed = shed_summary(reps);
  s.lost = summed(reps, [](const Totals& t) { return t[Counter::lost]; });
  s.degraded = summed(reps, [](const Totals& t) { return t[Counter::degraded]; });
  s.expired = summed(reps, [](const Totals& t) { return t[Counter::expired]; });
  s.cancelled = summed(reps, [](const Totals& t) { return t[Counter::cancelled]; });
  s.wasted = summed(reps, [](const Totals& t) { return t[Counter::wasted]; });
  s.wasted_busy_by_replication = per_replication(reps, [](const Totals& t) { return t.level_mean(Level::wasted_busy); });
  s.wasted_busy = mean(s.wasted_busy_by_replication);
  s.mean_busy = mean(per_replication(reps, [](const Totals& t) { return t.level_mean(Level::busy); }));
  if (config.autoscaling) {
    s.utilization = mean(per_replication(reps, [&](const Totals& t) {
      const double worker_s = worker_seconds(config, level_names, t.named_area, t.span_s);
      return worker_s > 0 ? t.area[static_cast<std::size_t>(Level::busy)] / worker_s : 0.0;
    }));
  } else {
    s.utilization = s.mean_busy / config.worker_slots();
  }
  s.mean_queue = mean(per_replication(reps, [](const Totals& t) { return t.level_mean(Level::queued); }));
  s.throughput_rps = mean(per_replication(reps, [](const Totals& t) {
    return static_cast<double>(t[Counter::successes] + t[Counter::failures]) / t.span_s;
  }));
  summarize_latency(s, reps);
  return s;
}

// A service's pools, from its levels and its endpoints' counts (once both are summarized).
std::vector<PoolSummary> pool_summaries(const scenarios::Service& config, const ServiceSummary& service) {
  std::vector<PoolSummary> out;
  const auto level = [&](const std::string& name) {
    for (const auto& [n, mean] : service.levels)
      if (n == name) return mean;
    return 0.0;
  };
  for (std::size_t p = 0; p < config.worker_pools->pools.size(); ++p) {
    const auto& c = config.worker_pools->pools[p];
    PoolSummary pool{c.name, {}, c.capacity, c.reserved, c.max_borrow, level("pool." + c.name + ".busy"),
                     level("pool." + c.name + ".borrowed"), level("pool." + c.name + ".queued"), 0, 0, 0, 0};
    for (std::size_t e = 0; e < config.endpoints.size(); ++e) {
      if (config.pool_of_endpoint[e] != static_cast<int>(p) || e >= service.endpoints.size()) continue;
      const EndpointSummary& es = service.endpoints[e];
      pool.endpoints.push_back(es.name);
      pool.requests += es.requests;
      pool.borrowed += es.borrowed;
      pool.rejected += es.rejected;
      pool.timed_out += es.pool_timeouts;
    }
    out.push_back(std::move(pool));
  }
  return out;
}

EndpointSummary endpoint_summary(const std::string& name, const std::vector<Totals>& reps, bool sheds) {
  EndpointSummary e;
  e.name = name;
  const auto sum = [&](Counter c) { return summed(reps, [c](const Totals& t) { return t[c]; }); };
  e.requests = sum(Counter::requests);
  e.successes = sum(Counter::successes);
  e.failures = sum(Counter::failures);
  e.rejected = sum(Counter::rejected);
  e.degraded = sum(Counter::degraded);
  e.expired = sum(Counter::expired);
  e.cancelled = sum(Counter::cancelled);
  e.wasted = sum(Counter::wasted);
  e.borrowed = sum(Counter::borrowed);
  e.pool_timeouts = sum(Counter::pool_timeouts);
  if (sheds) e.shed = shed_summary(reps);
  e.throughput_rps = mean(per_replication(reps, [](const Totals& t) {
    return static_cast<double>(t[Counter::successes] + t[Counter::failures]) / t.span_s;
  }));
  summarize_latency(e, reps);
  return e;
}

EdgeSummary edge_summary(const sim::EdgeInfo& info, const std::vector<Totals>& reps, const std::vector<std::string>& level_names) {
  EdgeSummary e;
  e.info = info;
  const auto sum = [&](Counter c) { return summed(reps, [c](const Totals& t) { return t[c]; }); };
  // A call counts when it ends, with its outcome, so that after warmup
  // successes + failures = calls; `sent` counts them when they start.
  e.calls = sum(Counter::requests);
  e.sent = sum(Counter::sent);
  e.attempted = sum(Counter::attempted);
  e.attempts = sum(Counter::attempts);
  e.retries = sum(Counter::retries);
  e.successes = sum(Counter::successes);
  e.failures = sum(Counter::failures);
  e.timeouts = sum(Counter::timeouts);
  e.fallbacks = sum(Counter::fallbacks);
  e.degraded = sum(Counter::degraded);
  // Attempts per call that reached the wire: a call a breaker refused before
  // any attempt neither amplifies nor dilutes it.
  e.retry_amplification = e.attempted == 0 ? 1.0 : static_cast<double>(e.attempts) / static_cast<double>(e.attempted);
  e.attempts_per_call = e.calls == 0 ? 1.0 : static_cast<double>(e.attempts) / static_cast<double>(e.calls);
  e.circuit_open_s = mean(per_replication(reps, [](const Totals& t) { return t.area[static_cast<std::size_t>(Level::circuit_open)]; }));
  e.circuit_half_open_s =
      mean(per_replication(reps, [](const Totals& t) { return t.area[static_cast<std::size_t>(Level::circuit_half_open)]; }));
  e.rejected_by = rejections(reps);
  e.rejected_retry_budget = sum(Counter::rejected_by_retry_budget);
  e.lost = sum(Counter::lost);
  e.expired = sum(Counter::expired);
  e.cancelled = sum(Counter::cancelled);
  e.overloaded = sum(Counter::overloaded);
  e.retry_amplification_by_replication = per_replication(reps, [](const Totals& t) {
    return t[Counter::attempted] == 0 ? 1.0 : static_cast<double>(t[Counter::attempts]) / static_cast<double>(t[Counter::attempted]);
  });
  e.rejected_by_replication = per_replication(reps, [](const Totals& t) {
    return static_cast<double>(t.rejected_by.total() + t[Counter::rejected_by_retry_budget]);
  });
  e.unhealthy_mean = mean(per_replication(reps, [](const Totals& t) { return t.level_mean(Level::unhealthy); }));
  for (std::size_t k = 0; k < level_names.size(); ++k)
    e.levels.emplace_back(level_names[k], mean(per_replication(reps, [k](const Totals& t) {
                            return t.span_s > 0 ? t.named_area[k] / t.span_s : 0;
                          })));
  summarize_latency(e, reps);
  return e;
}

// The longest recovery after any fault in each replication; with no fault
// there is nothing to recover from (0), and a replication in which one never
// recovers has no figure.
std::vector<std::optional<double>> longest_recovery_by_replication(const VariantSummary& v) {
  std::vector<std::optional<double>> out(static_cast<std::size_t>(v.replications), 0.0);
  for (const auto& f : v.faults)
    for (std::size_t r = 0; r < out.size() && r < f.recover_s_by_replication.size(); ++r) {
      const auto& x = f.recover_s_by_replication[r];
      out[r] = x && out[r] ? std::optional(std::max(*out[r], *x)) : std::nullopt;
    }
  return out;
}

void check_slo(const scenarios::Scenario& s, VariantSummary& v) {
  if (!s.slo) return;
  v.slo_client = s.slo->client;
  const auto client = std::find_if(v.clients.begin(), v.clients.end(), [&](const auto& c) { return c.name == s.slo->client; });
  if (client == v.clients.end()) return;
  if (s.slo->availability)
    v.slo_checks.push_back(judge({"availability", *s.slo->availability, true, client->availability, client->availability_ci95}));
  for (const auto& [name, objective_s] : s.slo->latency_s) {
    // Judged on successful requests: where none succeeded it is not met.
    const double q = slo_quantile(name);
    const auto& l = client->success_latency;
    v.slo_checks.push_back(judge({"latency_" + name + "_ms", objective_s * 1e3, false,
                                   l ? std::optional(l->quantile_ms(q)) : std::nullopt,
                                   l ? l->quantile_ci95_of(q) : std::nullopt}));
  }
  // One that never recovers in some replication fails the check with no figure.
  if (s.slo->recovery_s) {
    std::vector<double> longest;
    for (const auto& x : longest_recovery_by_replication(v))
      if (x) longest.push_back(*x);
    const bool every_one = !longest.empty() && longest.size() == static_cast<std::size_t>(v.replications);
    v.slo_checks.push_back(judge({"recovery_s", *s.slo->recovery_s, false,
                                   every_one ? std::optional(mean(longest)) : std::nullopt,
                                   every_one ? cut_below(mean_ci_at_resolution(longest, s.bucket_s), 0) : std::nullopt}));
  }
}

// Sizes a file gives its calls take time only on links a bandwidth model
// shares; under the constant model they would change nothing, silently.
std::optional<std::string> sizes_without_bandwidth(const scenarios::Scenario& s) {
  if (s.network.model != scenarios::NetworkModel::constant) return std::nullopt;
  const auto sized = [](const auto& c) { return c.request_bytes.has_value() || c.response_bytes.has_value(); };
  std::string where;
  for (const auto& client : s.clients)
    if (where.empty() && sized(client)) where = "client " + client.name;
  for (const auto& service : s.services)
    for (const auto& call : service.calls)
      if (where.empty() && sized(call)) where = "a call of " + service.name;
  if (where.empty()) return std::nullopt;
  return fmt::format("{} gives request_bytes or response_bytes, which take time only under a bandwidth-sharing model "
                     "(network.model CM02 or LV08): the constant model moves messages in their latency alone",
                     where);
}

}  // namespace

std::uint64_t RejectionCounts::total() const {
  std::uint64_t n = 0;
  for (std::uint64_t k : by_kind) n += k;
  return n;
}

const char* quantile_key(double q) {
  static constexpr std::array<const char*, summary_quantiles.size()> keys{"p50", "p90", "p95", "p99", "p999"};
  return keys[quantile_index(q)];
}

double LatencySummary::quantile_ms(double q) const {
  const std::array<double, summary_quantiles.size()> values{p50_ms, p90_ms, p95_ms, p99_ms, p999_ms};
  return values[quantile_index(q)];
}

std::optional<Interval> LatencySummary::quantile_ci95_of(double q) const { return quantile_ci95[quantile_index(q)]; }

Verdict VariantSummary::slo_verdict() const {
  std::vector<Verdict> each;
  for (const auto& c : slo_checks) each.push_back(c.verdict);
  return worst(each);
}

VariantSummary summarize(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs) {
  VariantSummary v;
  v.scenario = s.name;
  v.scenario_hash = s.content_hash;
  v.variant = s.variant;
  v.seed = s.seed;
  v.replications = static_cast<int>(runs.size());
  v.duration_s = s.duration_s;
  v.warmup_s = s.warmup_s;
  v.bucket_s = s.bucket_s;
  for (std::size_t c = 0; c < s.clients.size(); ++c)
    v.clients.push_back(client_summary(s.clients[c].name, totals_of(runs, s, &sim::ReplicationResult::clients, c), s.autoscales()));
  static const std::vector<std::string> none;
  std::size_t endpoint = 0;  // in ReplicationResult::endpoints
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    auto& service = v.services.emplace_back(service_summary(s.services[i], totals_of(runs, s, &sim::ReplicationResult::services, i),
                                                            runs.empty() ? none : runs.front().services[i].level_names));
    if (s.services[i].has_named_endpoints())
      for (const auto& e : s.services[i].endpoints)
        service.endpoints.push_back(endpoint_summary(e.name, totals_of(runs, s, &sim::ReplicationResult::endpoints, endpoint++),
                                                     s.services[i].sheds()));
    if (s.services[i].worker_pools) service.pools = pool_summaries(s.services[i], service);
  }
  const auto edges = sim::edge_list(s);
  for (std::size_t e = 0; e < edges.size(); ++e)
    v.edges.push_back(edge_summary(edges[e], totals_of(runs, s, &sim::ReplicationResult::edges, e),
                                   runs.empty() ? none : runs.front().edges[e].level_names));
  SeriesPass series = read_series(s, runs);
  v.buckets = series.buckets;
  v.series_every = series.every;
  v.point_starts_s = std::move(series.point_starts_s);
  v.client_series = std::move(series.clients);
  v.service_series = std::move(series.services);
  v.edge_series = std::move(series.edges);
  v.faults = summarize_faults(s, runs, series.availability);
  v.steady_state = series.steady_state;
  check_slo(s, v);
  if (v.replications == 1)
    v.warnings.push_back("1 replication: no confidence intervals, and SLO verdicts judge point estimates; 5 or more "
                         "(--replications, or --target-ci) give intervals worth having");
  else if (v.replications < recommended_replications)
    v.warnings.push_back(fmt::format("{} replications: confidence intervals from fewer than {} are wide and rest on the "
                                     "figures being normal; give --replications or --target-ci",
                                     v.replications, recommended_replications));
  if (series.warmup_warning) v.warnings.push_back(*series.warmup_warning);
  if (auto w = sizes_without_bandwidth(s)) v.warnings.push_back(std::move(*w));
  return v;
}

}  // namespace chaossim::reports
