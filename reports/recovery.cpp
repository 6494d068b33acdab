#include "reports/recovery.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/fault_plan.hpp"

namespace chaossim::reports {

using sim::Counter;

namespace {

std::string subject_of(const scenarios::Fault& f) {
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

// When the first fault that starts at or after `end_s` does, if one does.
std::optional<double> next_fault_start(const scenarios::Scenario& s, double end_s) {
  std::optional<double> next;
  for (const auto& f : s.faults)
    if (f.at_s >= end_s && (!next || f.at_s < *next)) next = f.at_s;
  return next;
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

std::vector<FaultSummary> summarize_faults(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs,
                                           const std::vector<AvailabilitySeries>& series) {
  const double objective = recovery_objective(s);
  std::vector<FaultSummary> out;
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    const auto& f = s.faults[i];
    FaultSummary fs;
    fs.index = static_cast<int>(i);
    fs.kind = std::string(scenarios::name_of(f.kind()));
    fs.subject = subject_of(f);
    fs.start_s = f.at_s;
    fs.end_s = f.end_s();
    std::uint64_t requests = 0, successes = 0;
    const auto next_start = next_fault_start(s, fs.end_s);
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const auto& a = series[r];
      const auto recover = recovery_time(a, fs.end_s, objective, next_start);
      fs.recover_s_by_replication.push_back(recover);
      // A reaction is the fault's while it plays and until it has recovered;
      // after that it answers something else.
      const double reaction = i < runs[r].first_reaction_s.size() ? runs[r].first_reaction_s[i] : std::nan("");
      const bool credited = !std::isnan(reaction) && (!recover || reaction < fs.end_s + *recover);
      fs.detect_s_by_replication.push_back(credited ? std::optional<double>(to_ns(reaction - f.at_s)) : std::nullopt);
      // Breach counts until the fault has recovered, or else until the next
      // fault starts (or the run ends): later breaches are that fault's.
      fs.breach_s_by_replication.push_back(
          breach_time(a, fs.start_s, recover ? std::optional<double>(fs.end_s + *recover) : next_start, objective));
      // The window's buckets: those whose middle falls inside it, or at least the one it starts in.
      for (std::size_t k = 0; k < a.requests.size(); ++k) {
        const double middle = (static_cast<double>(k) + 0.5) * a.bucket_s;
        const bool inside = (middle >= fs.start_s && middle < fs.end_s) ||
                            (fs.end_s - fs.start_s < a.bucket_s && k == static_cast<std::size_t>(fs.start_s / a.bucket_s));
        if (!inside) continue;
        requests += a.requests[k];
        successes += a.successes[k];
      }
    }
    std::size_t q = 0;
    for (const auto& svc : s.services) {
      if (!svc.broker) continue;
      std::vector<std::optional<double>> drains;
      for (std::size_t r = 0; r < runs.size(); ++r)
        drains.push_back(q < series[r].queue_depth.size()
                             ? drain_time(series[r].queue_depth[q], series[r].bucket_s, s.warmup_s, fs.start_s, fs.end_s, next_start)
                             : std::nullopt);
      fs.drain_s.emplace_back(svc.name, mean_of_present(drains, true));
      ++q;
    }
    fs.detect_s = mean_of_present(fs.detect_s_by_replication, false);
    fs.recover_s = mean_of_present(fs.recover_s_by_replication, true);
    double breach = 0;
    for (double b : fs.breach_s_by_replication) breach += b;
    fs.breach_s = runs.empty() ? 0 : breach / static_cast<double>(runs.size());
    if (requests > 0) fs.availability = static_cast<double>(successes) / static_cast<double>(requests);
    out.push_back(std::move(fs));
  }
  return out;
}

}  // namespace chaossim::reports
