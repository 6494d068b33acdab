#include "reports/series_pass.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "reports/latency_pool.hpp"
#include "reports/steady_state.hpp"
#include "reports/thinning.hpp"
#include "reports/warmup_detection.hpp"
#include "reports/utilization.hpp"
#include "sim/bucket_spool.hpp"
#include "sim/edges.hpp"

namespace chaossim::reports {

using sim::Counter;
using sim::Level;

namespace {

// One bucket of every run, and the figures made of them.
class Step {
 public:
  Step(const scenarios::Scenario& s, const std::vector<sim::BucketFrame>& frames, std::vector<std::vector<std::string>> level_names)
      : s_(s), frames_(frames), level_names_(std::move(level_names)) {}

  void client(std::size_t c, ClientSeries& out) const {
    std::uint64_t sent = 0, req = 0, ok = 0, failed = 0, degraded = 0;
    for (const auto& frame : frames_) {
      const auto& rec = frame.clients[c].record;
      sent += rec[Counter::sent];
      req += rec[Counter::requests];
      ok += rec[Counter::successes];
      failed += rec[Counter::failures];
      degraded += rec[Counter::degraded];
    }
    out.sent.push_back(sent);
    out.requests.push_back(req);
    out.successes.push_back(ok);
    out.failures.push_back(failed);
    out.degraded.push_back(degraded);
    out.availability.push_back(req == 0 ? std::nullopt : std::optional(static_cast<double>(ok) / static_cast<double>(req)));
    const auto record = [&](const sim::BucketFrame& frame) -> const sim::BucketRecord& { return frame.clients[c].record; };
    out.mean_ms.push_back(mean_ms(record, Answered::all));
    out.p50_ms.push_back(quantile_ms(record, Answered::all, 0.50));
    out.p95_ms.push_back(quantile_ms(record, Answered::all, 0.95));
    out.p99_ms.push_back(quantile_ms(record, Answered::all, 0.99));
    out.success_p50_ms.push_back(quantile_ms(record, Answered::success, 0.50));
    out.success_p95_ms.push_back(quantile_ms(record, Answered::success, 0.95));
    out.success_p99_ms.push_back(quantile_ms(record, Answered::success, 0.99));
    out.failure_p99_ms.push_back(quantile_ms(record, Answered::failure, 0.99));
  }

  void service(std::size_t i, double span, ServiceSeries& out) const {
    const auto& config = s_.services[i];
    double busy = 0, queued = 0;
    std::uint64_t rejected = 0, lost = 0, shed = 0;
    for (const auto& frame : frames_) {
      const auto& rec = frame.services[i].record;
      busy += rec.area[static_cast<std::size_t>(Level::busy)];
      queued += rec.area[static_cast<std::size_t>(Level::queued)];
      rejected += rec[Counter::rejected];
      lost += rec[Counter::lost];
      shed += rec[Counter::shed];
    }
    const double n = static_cast<double>(frames_.size());
    if (!config.autoscaling) {
      out.utilization.push_back(busy / (span * n * config.worker_slots()));
    } else {
      const auto& names = level_names_[i];
      double worker_s = 0, in_service = 0, desired = 0;
      for (const auto& frame : frames_) {
        const auto& areas = frame.services[i].named_area;
        worker_s += worker_seconds(config, names, areas, span);
        for (std::size_t k = 0; k < names.size() && k < areas.size(); ++k) {
          if (names[k] == "instances") in_service += areas[k];
          if (names[k] == "instances_desired") desired += areas[k];
        }
      }
      out.utilization.push_back(worker_s > 0 ? busy / worker_s : 0.0);
      out.instances.push_back(in_service / (span * n));
      out.instances_desired.push_back(desired / (span * n));
    }
    out.mean_queue.push_back(queued / (span * n));
    out.rejected.push_back(rejected);
    out.lost.push_back(lost);
    if (config.sheds()) out.shed.push_back(shed);
    const auto record = [&](const sim::BucketFrame& frame) -> const sim::BucketRecord& { return frame.services[i].record; };
    out.latency_mean_ms.push_back(mean_ms(record, Answered::all));
    out.success_latency_mean_ms.push_back(mean_ms(record, Answered::success));
  }

  void edge(std::size_t e, double span, EdgeSeries& out) const {
    double open = 0, half_open = 0;
    std::uint64_t attempts = 0, retries = 0, timeouts = 0, rejected = 0;
    for (const auto& frame : frames_) {
      const auto& rec = frame.edges[e].record;
      open += rec.area[static_cast<std::size_t>(Level::circuit_open)];
      half_open += rec.area[static_cast<std::size_t>(Level::circuit_half_open)];
      attempts += rec[Counter::attempts];
      retries += rec[Counter::retries];
      timeouts += rec[Counter::timeouts];
      for (std::uint64_t n : rec.rejected_by) rejected += n;
      rejected += rec[Counter::rejected_by_retry_budget];
    }
    const double n = static_cast<double>(frames_.size());
    out.circuit_open.push_back(open / (span * n));
    out.circuit_half_open.push_back(half_open / (span * n));
    out.attempts.push_back(attempts);
    out.retries.push_back(retries);
    out.timeouts.push_back(timeouts);
    out.rejected.push_back(rejected);
    for (std::size_t k = 0; k < out.levels.size(); ++k) {
      double area = 0;
      for (const auto& frame : frames_) area += frame.edges[e].named_area[k];
      out.levels[k].second.push_back(area / (span * n));
    }
  }

 private:
  // Each replication's figure in this bucket, averaged over those that answered.
  template <class Record>
  std::optional<double> mean_ms(Record record, Answered which) const {
    std::vector<std::optional<double>> each;
    for (const auto& frame : frames_) each.push_back(bucket_mean_ms(record(frame), which));
    return over_replications(each);
  }
  template <class Record>
  std::optional<double> quantile_ms(Record record, Answered which, double q) const {
    std::vector<std::optional<double>> each;
    for (const auto& frame : frames_) each.push_back(bucket_quantile_ms(record(frame), which, q));
    return over_replications(each);
  }

  const scenarios::Scenario& s_;
  const std::vector<sim::BucketFrame>& frames_;
  std::vector<std::vector<std::string>> level_names_;  // each service's named levels
};

// A group of buckets is complete: each series keeps two points of it.
void thin(SeriesPass& out, std::size_t n) {
  const auto last = [n](auto& series) { thin_last(series, n); };
  for (auto& c : out.clients) c.for_each_field(last);
  for (auto& s : out.services) s.for_each_field(last);
  for (auto& e : out.edges) e.for_each_field(last);
}

}  // namespace

SeriesPass read_series(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs) {
  SeriesPass out;
  out.buckets = runs.empty() ? 0 : runs.front().buckets;
  out.every = buckets_per_group(out.buckets);
  out.point_starts_s = point_starts(out.buckets, out.every, s.bucket_s, s.duration_s);
  out.clients.resize(s.clients.size());
  out.services.resize(s.services.size());
  out.edges.resize(sim::edge_list(s).size());
  for (std::size_t e = 0; e < out.edges.size() && !runs.empty(); ++e)
    for (const auto& name : runs.front().edges[e].level_names) out.edges[e].levels.emplace_back(name, std::vector<double>{});
  out.availability.resize(runs.size());

  std::vector<std::unique_ptr<sim::SpoolReader>> readers;
  for (const auto& run : runs) readers.push_back(std::make_unique<sim::SpoolReader>(run.spool->path()));
  std::vector<sim::BucketFrame> frames(runs.size());
  std::vector<std::vector<std::string>> service_levels(s.services.size());
  for (std::size_t i = 0; i < s.services.size() && !runs.empty(); ++i) service_levels[i] = runs.front().services[i].level_names;
  Step step(s, frames, std::move(service_levels));
  SteadyStateMeter steady(s, runs);
  WarmupMeter warmup(s, runs);
  std::size_t in_group = 0;
  for (std::size_t b = 0; b < out.buckets; ++b) {
    for (std::size_t r = 0; r < runs.size(); ++r) {
      if (!readers[r]->next(frames[r]))
        throw std::runtime_error(fmt::format("{}: {} buckets, {} expected", runs[r].spool->path(), b, out.buckets));
      add_bucket(out.availability[r], s, frames[r]);
    }
    steady.add(b, frames);
    warmup.add(b, frames);
    const double span = std::min(s.bucket_s, s.duration_s - static_cast<double>(b) * s.bucket_s);
    for (std::size_t c = 0; c < out.clients.size(); ++c) step.client(c, out.clients[c]);
    for (std::size_t i = 0; i < out.services.size(); ++i) step.service(i, span, out.services[i]);
    for (std::size_t e = 0; e < out.edges.size(); ++e) step.edge(e, span, out.edges[e]);
    if (out.every > 1 && (++in_group == out.every || b + 1 == out.buckets)) {
      thin(out, in_group);
      in_group = 0;
    }
  }
  out.steady_state = steady.result();
  out.warmup_warning = warmup.warning();
  return out;
}

}  // namespace chaossim::reports
