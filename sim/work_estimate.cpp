#include "sim/work_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "sim/edges.hpp"

namespace chaossim::sim {
namespace {

// The most requests `client` can send per second: its rate (the highest
// point of a ramp or of a profile) times the largest overload multiplier aimed at it; a
// closed loop's users, each at most once per think time (or per millisecond).
double peak_rate(const scenarios::Scenario& s, const scenarios::Client& c) {
  double rate = c.arrival.profile ? c.arrival.profile->peak() : c.arrival.rate_per_s;
  for (const auto& point : c.arrival.ramp) rate = std::max(rate, point.rate_per_s);
  if (c.arrival.users > 0) rate = c.arrival.users / std::max(c.arrival.think_s, 1e-3);
  double multiplier = 1;
  for (const auto& f : s.faults)
    if (const auto* overload = f.as<scenarios::OverloadFault>(); overload && overload->client == c.name)
      multiplier = std::max(multiplier, overload->multiplier);
  return rate * multiplier;
}

}  // namespace

WorkEstimate estimate_work(const std::vector<const scenarios::Scenario*>& variants, int replications) {
  WorkEstimate w;
  double largest_run = 0;
  for (const auto* s : variants) {
    for (const auto& c : s->clients) {
      w.requests += peak_rate(*s, c) * s->duration_s * replications;
      for (const auto& burst : c.arrival.bursts) w.requests += static_cast<double>(burst.requests) * replications;
    }
    const double buckets = std::ceil(s->duration_s / s->bucket_s);
    const double subjects = static_cast<double>(s->clients.size() + s->services.size() + edge_list(*s).size());
    w.series_cells += buckets * subjects * replications;
    w.memory_bytes += subjects * std::min(buckets, most_series_points) * summary_bytes_per_point;
    largest_run = std::max(largest_run, subjects * recorder_bytes);
  }
  w.memory_bytes += largest_run;
  w.spool_bytes = w.series_cells * spool_bytes_per_cell;
  w.csv_bytes = w.series_cells * csv_bytes_per_cell;
  return w;
}

}  // namespace chaossim::sim
