#include "reports/summary.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "reports/latency_pool.hpp"
#include "reports/statistics.hpp"
#include "sim/histogram.hpp"

namespace chaossim::reports {
namespace {

using sim::Counter;
using sim::LatencyHistogram;
using sim::Level;
using sim::Series;

// One subject in one replication, over the buckets after warmup.
struct Totals {
  std::array<std::uint64_t, sim::counter_count> counts{};
  RejectionCounts rejected_by;
  std::array<double, sim::level_count> area{};
  LatencyPool latency;
  double span_s = 0;
  std::vector<double> named_area;  // Series::named_levels, in their order

  std::uint64_t operator[](Counter c) const { return counts[static_cast<std::size_t>(c)]; }
  double level_mean(Level l) const { return span_s > 0 ? area[static_cast<std::size_t>(l)] / span_s : 0; }
};

Totals totals(const Series& series, const scenarios::Scenario& s) {
  Totals t;
  const auto first = static_cast<std::size_t>(std::llround(s.warmup_s / s.bucket_s));
  for (std::size_t i = first; i < series.buckets.size(); ++i) {
    const auto& b = series.buckets[i];
    for (std::size_t c = 0; c < sim::counter_count; ++c) t.counts[c] += b.counts[c];
    for (std::size_t k = 0; k < patterns::pattern_count; ++k) t.rejected_by.by_kind[k] += b.rejected_by[k];
    for (std::size_t l = 0; l < sim::level_count; ++l) t.area[l] += b.area[l];
    t.latency.add(b);
  }
  for (const auto& level : series.named_levels) {
    double area = 0;
    for (std::size_t i = first; i < level.area.size(); ++i) area += level.area[i];
    t.named_area.push_back(area);
  }
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

// Means and quantiles averaged over the replications that answered such a
// request; the maximum is the largest seen. nullopt when none did.
std::optional<LatencySummary> latency_of(const std::vector<Totals>& reps, Answered which) {
  std::vector<const LatencyPool*> answered;
  for (const auto& t : reps)
    if (!t.latency.empty(which)) answered.push_back(&t.latency);
  if (answered.empty()) return std::nullopt;
  const auto avg = [&](auto get) {
    double sum = 0;
    for (const LatencyPool* p : answered) sum += *get(*p);
    return sum / static_cast<double>(answered.size());
  };
  const auto quantile = [&](double q) { return avg([&](const LatencyPool& p) { return p.quantile_ms(which, q); }); };
  LatencySummary l;
  l.mean_ms = avg([&](const LatencyPool& p) { return p.mean_ms(which); });
  l.p50_ms = quantile(0.50);
  l.p90_ms = quantile(0.90);
  l.p95_ms = quantile(0.95);
  l.p99_ms = quantile(0.99);
  l.p999_ms = quantile(0.999);
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
                              std::vector<Series> sim::ReplicationResult::*subjects, std::size_t index) {
  std::vector<Totals> out;
  for (const auto& run : runs) out.push_back(totals((run.*subjects)[index], s));
  return out;
}

ClientSummary client_summary(const std::string& name, const std::vector<Totals>& reps) {
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
  c.rejected_by = rejections(reps);
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

ServiceSummary service_summary(const scenarios::Service& config, const std::vector<Totals>& reps) {
  ServiceSummary s;
  s.name = config.name;
  s.requests = summed(reps, [](const Totals& t) { return t[Counter::requests]; });
  s.successes = summed(reps, [](const Totals& t) { return t[Counter::successes]; });
  s.failures = summed(reps, [](const Totals& t) { return t[Counter::failures]; });
  s.rejected = summed(reps, [](const Totals& t) { return t[Counter::rejected]; });
  s.lost = summed(reps, [](const Totals& t) { return t[Counter::lost]; });
  s.degraded = summed(reps, [](const Totals& t) { return t[Counter::degraded]; });
  const double workers = static_cast<double>(config.workers) * config.instances;
  s.mean_busy = mean(per_replication(reps, [](const Totals& t) { return t.level_mean(Level::busy); }));
  s.utilization = s.mean_busy / workers;
  s.mean_queue = mean(per_replication(reps, [](const Totals& t) { return t.level_mean(Level::queued); }));
  s.throughput_rps = mean(per_replication(reps, [](const Totals& t) {
    return static_cast<double>(t[Counter::successes] + t[Counter::failures]) / t.span_s;
  }));
  summarize_latency(s, reps);
  return s;
}

EdgeSummary edge_summary(const sim::EdgeInfo& info, const std::vector<Totals>& reps, const std::vector<sim::NamedLevel>& levels) {
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
  e.retry_amplification_by_replication = per_replication(reps, [](const Totals& t) {
    return t[Counter::attempted] == 0 ? 1.0 : static_cast<double>(t[Counter::attempts]) / static_cast<double>(t[Counter::attempted]);
  });
  e.rejected_by_replication = per_replication(reps, [](const Totals& t) {
    return static_cast<double>(t.rejected_by.total() + t[Counter::rejected_by_retry_budget]);
  });
  e.unhealthy_mean = mean(per_replication(reps, [](const Totals& t) { return t.level_mean(Level::unhealthy); }));
  for (std::size_t k = 0; k < levels.size(); ++k)
    e.levels.emplace_back(levels[k].name, mean(per_replication(reps, [k](const Totals& t) {
                            return t.span_s > 0 ? t.named_area[k] / t.span_s : 0;
                          })));
  summarize_latency(e, reps);
  return e;
}

ClientSeries client_series(const std::vector<sim::ReplicationResult>& runs, std::size_t client, std::size_t buckets) {
  ClientSeries out;
  LatencyPool pooled;
  for (std::size_t b = 0; b < buckets; ++b) {
    std::uint64_t req = 0, ok = 0, failed = 0;
    pooled.clear();
    for (const auto& run : runs) {
      const auto& rec = run.clients[client].buckets[b];
      req += rec[Counter::requests];
      ok += rec[Counter::successes];
      failed += rec[Counter::failures];
      pooled.add(rec);
    }
    out.requests.push_back(req);
    out.successes.push_back(ok);
    out.failures.push_back(failed);
    out.availability.push_back(req == 0 ? std::nullopt : std::optional(static_cast<double>(ok) / static_cast<double>(req)));
    out.mean_ms.push_back(pooled.mean_ms(Answered::all));
    out.p50_ms.push_back(pooled.quantile_ms(Answered::all, 0.50));
    out.p95_ms.push_back(pooled.quantile_ms(Answered::all, 0.95));
    out.p99_ms.push_back(pooled.quantile_ms(Answered::all, 0.99));
    out.success_p50_ms.push_back(pooled.quantile_ms(Answered::success, 0.50));
    out.success_p95_ms.push_back(pooled.quantile_ms(Answered::success, 0.95));
    out.success_p99_ms.push_back(pooled.quantile_ms(Answered::success, 0.99));
  }
  return out;
}

ServiceSeries service_series(const std::vector<sim::ReplicationResult>& runs, const scenarios::Scenario& s,
                             std::size_t service, std::size_t buckets) {
  ServiceSeries out;
  const double workers = static_cast<double>(s.services[service].workers) * s.services[service].instances;
  LatencyPool pooled;
  for (std::size_t b = 0; b < buckets; ++b) {
    const double span = std::min(s.bucket_s, s.duration_s - static_cast<double>(b) * s.bucket_s);
    double busy = 0, queued = 0;
    std::uint64_t rejected = 0, lost = 0;
    pooled.clear();
    for (const auto& run : runs) {
      const auto& rec = run.services[service].buckets[b];
      busy += rec.area[static_cast<std::size_t>(Level::busy)];
      queued += rec.area[static_cast<std::size_t>(Level::queued)];
      rejected += rec[Counter::rejected];
      lost += rec[Counter::lost];
      pooled.add(rec);
    }
    const double n = static_cast<double>(runs.size());
    out.utilization.push_back(busy / (span * n * workers));
    out.mean_queue.push_back(queued / (span * n));
    out.rejected.push_back(rejected);
    out.lost.push_back(lost);
    out.latency_mean_ms.push_back(pooled.mean_ms(Answered::all));
    out.success_latency_mean_ms.push_back(pooled.mean_ms(Answered::success));
  }
  return out;
}

EdgeSeries edge_series(const std::vector<sim::ReplicationResult>& runs, const scenarios::Scenario& s, std::size_t edge,
                       std::size_t buckets) {
  EdgeSeries out;
  for (std::size_t b = 0; b < buckets; ++b) {
    const double span = std::min(s.bucket_s, s.duration_s - static_cast<double>(b) * s.bucket_s);
    double open = 0, half_open = 0;
    std::uint64_t attempts = 0, retries = 0, timeouts = 0, rejected = 0;
    for (const auto& run : runs) {
      const auto& rec = run.edges[edge].buckets[b];
      open += rec.area[static_cast<std::size_t>(Level::circuit_open)];
      half_open += rec.area[static_cast<std::size_t>(Level::circuit_half_open)];
      attempts += rec[Counter::attempts];
      retries += rec[Counter::retries];
      timeouts += rec[Counter::timeouts];
      for (std::uint64_t n : rec.rejected_by) rejected += n;
      rejected += rec[Counter::rejected_by_retry_budget];
    }
    out.circuit_open.push_back(open / (span * static_cast<double>(runs.size())));
    out.circuit_half_open.push_back(half_open / (span * static_cast<double>(runs.size())));
    out.attempts.push_back(attempts);
    out.retries.push_back(retries);
    out.timeouts.push_back(timeouts);
    out.rejected.push_back(rejected);
  }
  if (runs.empty()) return out;
  for (std::size_t k = 0; k < runs.front().edges[edge].named_levels.size(); ++k) {
    auto& [name, means] = out.levels.emplace_back(runs.front().edges[edge].named_levels[k].name, std::vector<double>{});
    for (std::size_t b = 0; b < buckets; ++b) {
      const double span = std::min(s.bucket_s, s.duration_s - static_cast<double>(b) * s.bucket_s);
      double area = 0;
      for (const auto& run : runs) area += run.edges[edge].named_levels[k].area[b];
      means.push_back(area / (span * static_cast<double>(runs.size())));
    }
  }
  return out;
}

double quantile_of(const std::string& name) {
  if (name == "p50") return 0.50;
  if (name == "p90") return 0.90;
  if (name == "p95") return 0.95;
  if (name == "p99") return 0.99;
  return 0.999;
}

double latency_field(const LatencySummary& l, double q) {
  if (q == 0.50) return l.p50_ms;
  if (q == 0.90) return l.p90_ms;
  if (q == 0.95) return l.p95_ms;
  if (q == 0.99) return l.p99_ms;
  return l.p999_ms;
}

void check_slo(const scenarios::Scenario& s, VariantSummary& v) {
  if (!s.slo) return;
  v.slo_client = s.slo->client;
  const auto client = std::find_if(v.clients.begin(), v.clients.end(), [&](const auto& c) { return c.name == s.slo->client; });
  if (client == v.clients.end()) return;
  if (s.slo->availability)
    v.slo_checks.push_back({"availability", *s.slo->availability, client->availability,
                            client->availability >= *s.slo->availability});
  for (const auto& [name, objective_s] : s.slo->latency_s) {
    // Judged on successful requests: where none succeeded it is not met.
    const auto actual = client->success_latency ? std::optional(latency_field(*client->success_latency, quantile_of(name)))
                                                : std::nullopt;
    v.slo_checks.push_back({"latency_" + name + "_ms", objective_s * 1e3, actual, actual && *actual <= objective_s * 1e3});
  }
  // The longest recovery after any fault; with no fault there is nothing to
  // recover from, and one that never recovers fails the check with no figure.
  if (s.slo->recovery_s) {
    std::optional<double> longest = 0.0;
    for (const auto& f : v.faults) longest = f.recover_s && longest ? std::optional(std::max(*longest, *f.recover_s)) : std::nullopt;
    v.slo_checks.push_back({"recovery_s", *s.slo->recovery_s, longest, longest && *longest <= *s.slo->recovery_s});
  }
}

}  // namespace

std::uint64_t RejectionCounts::total() const {
  std::uint64_t n = 0;
  for (std::uint64_t k : by_kind) n += k;
  return n;
}

bool VariantSummary::slo_met() const {
  return std::all_of(slo_checks.begin(), slo_checks.end(), [](const SloCheck& c) { return c.met; });
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
    v.clients.push_back(client_summary(s.clients[c].name, totals_of(runs, s, &sim::ReplicationResult::clients, c)));
  for (std::size_t i = 0; i < s.services.size(); ++i)
    v.services.push_back(service_summary(s.services[i], totals_of(runs, s, &sim::ReplicationResult::services, i)));
  const auto edges = sim::edge_list(s);
  static const std::vector<sim::NamedLevel> none;
  for (std::size_t e = 0; e < edges.size(); ++e)
    v.edges.push_back(edge_summary(edges[e], totals_of(runs, s, &sim::ReplicationResult::edges, e),
                                   runs.empty() ? none : runs.front().edges[e].named_levels));
  const std::size_t buckets = runs.empty() ? 0 : runs.front().clients.front().buckets.size();
  for (std::size_t b = 0; b < buckets; ++b) v.bucket_starts_s.push_back(static_cast<double>(b) * s.bucket_s);
  for (std::size_t c = 0; c < s.clients.size(); ++c) v.client_series.push_back(client_series(runs, c, buckets));
  for (std::size_t i = 0; i < s.services.size(); ++i) v.service_series.push_back(service_series(runs, s, i, buckets));
  for (std::size_t e = 0; e < edges.size(); ++e) v.edge_series.push_back(edge_series(runs, s, e, buckets));
  v.faults = summarize_faults(s, runs);
  check_slo(s, v);
  return v;
}

}  // namespace chaossim::reports
