#include "reports/steady_state.hpp"

#include <algorithm>
#include <cmath>

#include "reports/statistics.hpp"
#include "sim/fault_timeline.hpp"

namespace chaossim::reports {

double first_fault_start(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs) {
  double first = s.duration_s;
  for (const auto& run : runs)
    for (const auto& o : sim::fault_timeline(s, run.seed).occurrences) first = std::min(first, o.played.at_s);
  return first;
}

SteadyStateMeter::SteadyStateMeter(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs) : scenario_(s) {
  if (!s.slo) return;
  for (std::size_t c = 0; c < s.clients.size(); ++c)
    if (s.clients[c].name == s.slo->client) client_ = static_cast<int>(c);
  const double first = first_fault_start(s, runs);
  before_.runs.resize(runs.size());
  after_.runs.resize(runs.size());
  before_.start_s = s.warmup_s;
  before_.end_s = std::max(s.warmup_s, first);
  after_.start_s = first < s.duration_s ? first : s.warmup_s;
  after_.end_s = s.duration_s;
}

void SteadyStateMeter::add(std::size_t bucket, const std::vector<sim::BucketFrame>& frames) {
  if (client_ < 0) return;
  // A bucket belongs to the window its start lies in: windows begin at fault
  // starts, which the report shows to the bucket.
  const double start = static_cast<double>(bucket) * scenario_.bucket_s;
  for (Window* w : {&before_, &after_}) {
    if (start + 1e-9 < w->start_s || start >= w->end_s - 1e-9) continue;
    for (std::size_t r = 0; r < frames.size() && r < w->runs.size(); ++r) {
      const auto& record = frames[r].clients[static_cast<std::size_t>(client_)].record;
      InRun& in = w->runs[r];
      in.requests += record[sim::Counter::requests];
      in.successes += record[sim::Counter::successes];
      sim::add_sparse(*in.success_latency, record.latency[static_cast<std::size_t>(sim::Ending::success)].histogram);
    }
  }
}

SteadyWindow SteadyStateMeter::judged(const Window& w) const {
  SteadyWindow out{w.start_s, w.end_s, {}};
  const auto& slo = *scenario_.slo;
  const auto figure = [](const std::vector<double>& each) { return each.empty() ? std::nullopt : std::optional(mean(each)); };
  if (slo.availability) {
    std::vector<double> each;
    for (const auto& in : w.runs)
      if (in.requests > 0) each.push_back(static_cast<double>(in.successes) / static_cast<double>(in.requests));
    out.checks.push_back(judge({"availability", *slo.availability, true, figure(each), mean_ci(each)}));
  }
  for (const auto& [name, objective_s] : slo.latency_s) {
    std::vector<double> each;
    for (const auto& in : w.runs)
      if (!in.success_latency->empty()) each.push_back(in.success_latency->quantile(slo_quantile(name)) * 1e3);
    const auto actual = figure(each);
    const double resolution = actual ? sim::LatencyHistogram::resolution_at(*actual / 1e3) * 1e3 : 0;
    out.checks.push_back(judge({"latency_" + name + "_ms", objective_s * 1e3, false, actual, mean_ci_at_resolution(each, resolution)}));
  }
  return out;
}

std::optional<SteadyState> SteadyStateMeter::result() const {
  if (client_ < 0) return std::nullopt;
  return SteadyState{judged(before_), judged(after_)};
}

}  // namespace chaossim::reports
