#include "reports/steady_state.hpp"

#include <algorithm>
#include <cmath>

#include "sim/fault_timeline.hpp"

namespace chaossim::reports {

SteadyStateMeter::SteadyStateMeter(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs) : scenario_(s) {
  if (!s.slo) return;
  for (std::size_t c = 0; c < s.clients.size(); ++c)
    if (s.clients[c].name == s.slo->client) client_ = static_cast<int>(c);
  // The first fault's start, in any replication (a random schedule's differ).
  double first = s.duration_s;
  for (const auto& run : runs)
    for (const auto& o : sim::fault_timeline(s, run.seed).occurrences) first = std::min(first, o.played.at_s);
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
    for (const auto& frame : frames) {
      const auto& record = frame.clients[static_cast<std::size_t>(client_)].record;
      w->requests += record[sim::Counter::requests];
      w->successes += record[sim::Counter::successes];
      w->latency.add(record);
    }
  }
}

SteadyWindow SteadyStateMeter::judged(const Window& w) const {
  SteadyWindow out{w.start_s, w.end_s, {}};
  const auto& slo = *scenario_.slo;
  if (slo.availability) {
    const auto actual = w.requests == 0 ? std::nullopt
                                        : std::optional(static_cast<double>(w.successes) / static_cast<double>(w.requests));
    out.checks.push_back({"availability", *slo.availability, actual, actual && *actual >= *slo.availability});
  }
  for (const auto& [name, objective_s] : slo.latency_s) {
    const auto actual = w.latency.quantile_ms(Answered::success, slo_quantile(name));
    out.checks.push_back({"latency_" + name + "_ms", objective_s * 1e3, actual, actual && *actual <= objective_s * 1e3});
  }
  return out;
}

std::optional<SteadyState> SteadyStateMeter::result() const {
  if (client_ < 0) return std::nullopt;
  return SteadyState{judged(before_), judged(after_)};
}

}  // namespace chaossim::reports
