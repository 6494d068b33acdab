#include "reports/recovery.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/statistics.hpp"
#include "sim/fault_timeline.hpp"

namespace chaossim::reports {

using sim::Counter;

namespace {

std::string subject_of(const scenarios::Fault& f) {
  if (const auto* split = f.as<scenarios::PartitionFault>(); split && split->drawn())
    return fmt::format("{} of {} {}", scenarios::split_names[static_cast<std::size_t>(split->split)],
                       split->of.empty() ? "all" : fmt::format("{}", fmt::join(split->of, ",")),
                       scenarios::partition_nodes_names[static_cast<std::size_t>(split->nodes)]);
  switch (f.subject()) {
    case scenarios::FaultSubject::zone_groups:
    case scenarios::FaultSubject::service_groups: {
      std::vector<std::string> groups;
      for (const auto& group : f.groups()) groups.push_back(fmt::format("{}", fmt::join(group, ",")));
      return fmt::format("{}", fmt::join(groups, " | "));
    }
    case scenarios::FaultSubject::client: return f.client();
    case scenarios::FaultSubject::service: break;
  }
  return f.target();
}

// Buckets [first, last] pooled; nullopt when no request ended in them.
std::optional<double> availability_over(const AvailabilitySeries& s, std::size_t first, std::size_t last) {
  std::uint64_t requests = 0, successes = 0;
  for (std::size_t k = first; k <= last && k < s.requests.size(); ++k) {
    requests += s.requests[k];
    successes += s.successes[k];
  }
  if (requests == 0) return std::nullopt;
  return static_cast<double>(successes) / static_cast<double>(requests);
}

bool at_objective(std::optional<double> availability, double objective) { return availability && *availability >= objective; }

// The first bucket starting at or after `t` (to within rounding of decimal times).
std::size_t first_bucket_from(double t, double bucket_s) {
  return static_cast<std::size_t>(std::max(0.0, std::ceil(t / bucket_s - 1e-9)));
}

// Times are differences of decimal times (bucket starts, fault ends): to the
// nanosecond, so that 11 s - 10.1 s is 0.9, and a recovery at the end is 0.
double to_ns(double seconds) { return std::round(seconds * 1e9) / 1e9; }

std::optional<double> mean_of_present(const std::vector<std::optional<double>>& values, bool need_all) {
  double sum = 0;
  int n = 0;
  for (const auto& v : values) {
    if (!v) {
      if (need_all) return std::nullopt;
      continue;
    }
    sum += *v;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

std::vector<double> present(const std::vector<std::optional<double>>& values) {
  std::vector<double> out;
  for (const auto& v : values)
    if (v) out.push_back(*v);
  return out;
}

}  // namespace

std::optional<double> recovery_time(const AvailabilitySeries& s, double end_s, double objective,
                                    std::optional<double> next_start_s) {
  const auto w = static_cast<std::size_t>(recovery_window_buckets);
  const std::size_t first = first_bucket_from(end_s, s.bucket_s);
  // Judged up to the next fault's first bucket: what it does is its own.
  std::size_t horizon = s.requests.size();
  if (next_start_s) horizon = std::min(horizon, static_cast<std::size_t>(std::floor(*next_start_s / s.bucket_s + 1e-9)));
  // Walk back from the horizon over the windows at the objective: the last
  // stretch of them, which lasts to the horizon, starts where the walk stops.
  std::size_t k = horizon;
  while (k > first && at_objective(availability_over(s, k - 1, std::min(k - 1 + w - 1, horizon - 1)), objective)) --k;
  if (k >= horizon) return std::nullopt;  // it ends below the objective, or there is nothing to judge
  return std::max(0.0, to_ns(static_cast<double>(k) * s.bucket_s - end_s));
}

double breach_time(const AvailabilitySeries& s, double start_s, std::optional<double> recovered_at_s, double objective) {
  const std::size_t n = s.requests.size();
  const auto first = static_cast<std::size_t>(std::max(0.0, std::floor(start_s / s.bucket_s + 1e-9)));
  const std::size_t stop = recovered_at_s ? std::min(n, first_bucket_from(*recovered_at_s, s.bucket_s)) : n;
  double breach = 0;
  for (std::size_t k = first; k < stop; ++k) {
    const auto a = availability_over(s, k, k);
    if (a && *a < objective) breach += s.bucket_s;
  }
  return breach;
}

void add_bucket(AvailabilitySeries& series, const scenarios::Scenario& s, const sim::BucketFrame& bucket) {
  std::uint64_t requests = 0, successes = 0;
  for (std::size_t c = 0; c < s.clients.size(); ++c) {
    if (s.slo && s.slo->client != s.clients[c].name) continue;
    requests += bucket.clients[c].record[Counter::requests];
    successes += bucket.clients[c].record[Counter::successes];
  }
  series.bucket_s = s.bucket_s;
  series.requests.push_back(requests);
  series.successes.push_back(successes);
  std::size_t q = 0;
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    if (!s.services[i].broker) continue;
    if (series.queue_depth.size() <= q) series.queue_depth.emplace_back();
    series.queue_depth[q++].push_back(bucket.services[i].record.area[static_cast<std::size_t>(sim::Level::queued)] / s.bucket_s);
  }
}

std::optional<double> drain_time(const std::vector<double>& depth, double bucket_s, double from_s, double start_s, double end_s,
                                 std::optional<double> next_start_s) {
  const auto first = static_cast<std::size_t>(std::ceil(end_s / bucket_s - 1e-9));
  const auto before = std::min(depth.size(), static_cast<std::size_t>(std::floor(start_s / bucket_s + 1e-9)));
  double normal = 1;
  for (auto k = static_cast<std::size_t>(std::floor(from_s / bucket_s + 1e-9)); k < before; ++k) normal = std::max(normal, depth[k]);
  for (std::size_t k = first; k < depth.size(); ++k) {
    const double at = static_cast<double>(k) * bucket_s;
    if (next_start_s && at >= *next_start_s) break;
    if (depth[k] <= normal) return to_ns(at - end_s);
  }
  return std::nullopt;
}

double recovery_objective(const scenarios::Scenario& s) {
  return s.slo && s.slo->availability ? *s.slo->availability : default_recovery_objective;
}

namespace {

// What was drawn for an occurrence, for the outputs to show.
void add_choices(OccurrenceSummary& o, const scenarios::Fault& played, const scenarios::Scenario& s) {
  // A process fault always says which instances it took; another kind, when
  // it took some of them only (by its own pick or a blast radius).
  const bool process = played.as<scenarios::CrashFault>() || played.as<scenarios::PauseFault>() || played.as<scenarios::CrashLoopFault>();
  if (const auto* pick = played.instance_pick()) {
    const auto* target = s.find_service(played.target());
    if (process || (target != nullptr && static_cast<int>(pick->chosen.size()) < sim::fault_instances(*target)))
      o.instances = pick->chosen;
  }
  const auto* split = played.as<scenarios::PartitionFault>();
  if (split == nullptr || !split->drawn()) return;
  o.groups = split->groups;
  for (std::size_t n = 0; n < split->node_names.size(); ++n) {
    std::vector<std::string> heard;
    for (int k : split->views[n]) heard.push_back(split->node_names[static_cast<std::size_t>(k)]);
    o.views.emplace_back(split->node_names[n], std::move(heard));
  }
}

// Folds a replication's occurrences of one fault into the fault's figures for it.
void add_replication(FaultSummary& fs, std::size_t first) {
  std::vector<std::optional<double>> detects, recovers;
  double breach = 0;
  for (std::size_t k = first; k < fs.occurrences.size(); ++k) {
    detects.push_back(fs.occurrences[k].detect_s);
    recovers.push_back(fs.occurrences[k].recover_s);
    breach += fs.occurrences[k].breach_s;
  }
  fs.detect_s_by_replication.push_back(mean_of_present(detects, false));
  fs.recover_s_by_replication.push_back(mean_of_present(recovers, true));
  fs.breach_s_by_replication.push_back(breach);
}

}  // namespace

std::vector<FaultSummary> summarize_faults(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs,
                                           const std::vector<AvailabilitySeries>& series) {
  const double objective = recovery_objective(s);
  std::vector<FaultSummary> out(s.faults.size());
  std::vector<std::uint64_t> requests(s.faults.size(), 0), successes(s.faults.size(), 0);
  // Per fault, per queue: each occurrence's drain time.
  std::vector<std::vector<std::vector<std::optional<double>>>> drains(s.faults.size());
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    const auto& f = s.faults[i];
    auto& fs = out[i];
    fs.index = static_cast<int>(i);
    fs.kind = std::string(scenarios::name_of(f.kind()));
    fs.subject = subject_of(f);
    fs.start_s = f.at_s;
    fs.end_s = f.end_s();
    fs.scheduled = f.schedule.has_value();
    if (f.schedule && f.schedule->blast_radius) fs.held_back = 0;
  }
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& a = series[r];
    const sim::FaultTimeline timeline = sim::fault_timeline(s, runs[r].seed);
    std::vector<double> starts;
    for (const auto& o : timeline.occurrences) starts.push_back(o.played.at_s);
    std::sort(starts.begin(), starts.end());
    std::vector<std::size_t> first_of_run;
    for (auto& fs : out) first_of_run.push_back(fs.occurrences.size());
    for (std::size_t k = 0; k < timeline.occurrences.size(); ++k) {
      const auto& occurrence = timeline.occurrences[k];
      const auto& f = occurrence.played;
      auto& fs = out[static_cast<std::size_t>(occurrence.fault)];
      OccurrenceSummary o;
      o.replication = runs[r].replication;
      o.nth = occurrence.nth;
      o.start_s = f.at_s;
      o.end_s = f.end_s();
      // Judged up to the next occurrence's start, of any fault: what it does is its own.
      const auto next = std::lower_bound(starts.begin(), starts.end(), o.end_s);
      const auto next_start = next == starts.end() ? std::nullopt : std::optional<double>(*next);
      o.recover_s = recovery_time(a, o.end_s, objective, next_start);
      // A reaction is the occurrence's while it plays and until it has
      // recovered; after that it answers something else.
      const double reaction = k < runs[r].first_reaction_s.size() ? runs[r].first_reaction_s[k] : std::nan("");
      const bool credited = !std::isnan(reaction) && (!o.recover_s || reaction < o.end_s + *o.recover_s);
      if (credited) o.detect_s = to_ns(reaction - o.start_s);
      // Breach counts until it has recovered, or else until the next
      // occurrence starts (or the run ends): later breaches are that one's.
      o.breach_s = breach_time(a, o.start_s, o.recover_s ? std::optional<double>(o.end_s + *o.recover_s) : next_start, objective);
      // The window's buckets: those whose middle falls inside it, or at least the one it starts in.
      std::uint64_t in_window = 0, ok_in_window = 0;
      for (std::size_t b = 0; b < a.requests.size(); ++b) {
        const double middle = (static_cast<double>(b) + 0.5) * a.bucket_s;
        const bool inside = (middle >= o.start_s && middle < o.end_s) ||
                            (o.end_s - o.start_s < a.bucket_s && b == static_cast<std::size_t>(o.start_s / a.bucket_s));
        if (!inside) continue;
        in_window += a.requests[b];
        ok_in_window += a.successes[b];
      }
      requests[static_cast<std::size_t>(occurrence.fault)] += in_window;
      successes[static_cast<std::size_t>(occurrence.fault)] += ok_in_window;
      if (in_window > 0) o.availability = static_cast<double>(ok_in_window) / static_cast<double>(in_window);
      auto& queue_drains = drains[static_cast<std::size_t>(occurrence.fault)];
      queue_drains.resize(a.queue_depth.size());
      for (std::size_t q = 0; q < a.queue_depth.size(); ++q)
        queue_drains[q].push_back(drain_time(a.queue_depth[q], a.bucket_s, s.warmup_s, o.start_s, o.end_s, next_start));
      add_choices(o, f, s);
      fs.occurrences.push_back(std::move(o));
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
      add_replication(out[i], first_of_run[i]);
      if (out[i].held_back) *out[i].held_back += timeline.held_back[i];
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& fs = out[i];
    if (!fs.occurrences.empty()) {
      fs.start_s = std::min_element(fs.occurrences.begin(), fs.occurrences.end(), [](const auto& x, const auto& y) { return x.start_s < y.start_s; })->start_s;
      fs.end_s = std::max_element(fs.occurrences.begin(), fs.occurrences.end(), [](const auto& x, const auto& y) { return x.end_s < y.end_s; })->end_s;
    }
    // Over replications, each replication's figure (its occurrences'), then
    // their mean: the definition every figure over replications has.
    fs.detect_s = mean_of_present(fs.detect_s_by_replication, false);
    fs.recover_s = mean_of_present(fs.recover_s_by_replication, true);
    fs.breach_s = mean(fs.breach_s_by_replication);
    fs.detect_s_ci95 = cut_below(mean_ci(present(fs.detect_s_by_replication)), 0);
    // Recovery and breach are told in whole buckets: no closer than one.
    if (fs.recover_s) fs.recover_s_ci95 = cut_below(mean_ci_at_resolution(present(fs.recover_s_by_replication), s.bucket_s), 0);
    fs.breach_s_ci95 = cut_below(mean_ci_at_resolution(fs.breach_s_by_replication, s.bucket_s), 0);
    if (requests[i] > 0) fs.availability = static_cast<double>(successes[i]) / static_cast<double>(requests[i]);
    std::size_t q = 0;
    for (const auto& svc : s.services) {
      if (!svc.broker) continue;
      const auto* per_occurrence = q < drains[i].size() ? &drains[i][q] : nullptr;
      fs.drain_s.emplace_back(svc.name, per_occurrence && !per_occurrence->empty() ? mean_of_present(*per_occurrence, true) : std::nullopt);
      ++q;
    }
  }
  return out;
}

}  // namespace chaossim::reports
