#include "reports/timeseries_csv.hpp"

#include <charconv>
#include <functional>
#include <iterator>
#include <optional>
#include <stdexcept>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "reports/csv_field.hpp"
#include "reports/gzip_sink.hpp"
#include "reports/recovery.hpp"
#include "sim/bucket_spool.hpp"
#include "sim/edges.hpp"
#include "sim/fault_timeline.hpp"
#include "reports/latency_pool.hpp"
#include "reports/utilization.hpp"
#include "sim/histogram.hpp"

namespace chaossim::reports {

using sim::Counter;
using sim::Level;

namespace {

// Rows go out in pieces of about a megabyte: the file of a long run is
// larger than the memory the run may use.
class Writer {
 public:
  explicit Writer(const std::function<void(std::string_view)>& sink) : sink_(sink) {}
  ~Writer() = default;
  void flush_if_full() {
    if (out_.size() < (1u << 20)) return;
    flush();
  }
  void flush() {
    sink_(out_);
    out_.clear();
  }
  // Reused for every bucket's latencies: its histograms are large to clear whole.
  LatencyPool& pool() {
    pool_.clear();
    return pool_;
  }

  void text(std::string_view t) { out_ += t; }
  void row(const std::string& prefix, const char* metric, std::optional<double> value) {
    start(prefix, metric);
    if (value) {
      char digits[40];
      out_.append(digits, fmt::format_to(digits, FMT_COMPILE("{}"), *value));
    }
    out_ += '\n';
  }
  void count(const std::string& prefix, std::string_view metric, std::uint64_t value) {
    start(prefix, metric);
    char digits[24];
    out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    out_ += '\n';
  }

 private:
  // Millions of rows: the format string is compiled, and numbers go through a
  // small buffer rather than an iterator that appends a character at a time.
  void start(const std::string& prefix, std::string_view metric) {
    out_ += prefix;
    out_ += metric;
    out_ += ',';
  }

  const std::function<void(std::string_view)>& sink_;
  std::string out_;
  LatencyPool pool_;
};

// Names are free text in scenarios: quoted when they hold what CSV reserves.
std::string field(const std::string& text) { return csv_field(text); }

double span_of(const sim::ReplicationResult& run, std::size_t bucket) {
  return std::min(run.bucket_s, run.duration_s - static_cast<double>(bucket) * run.bucket_s);
}

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

// Every answered request's latency, then the successes' and the failures' apart.
void latency_rows(Writer& w, const std::string& prefix, const sim::BucketRecord& b) {
  LatencyPool& pool = w.pool();
  pool.add(b);
  struct Part {
    Answered which;
    const char *mean, *p50, *p95, *p99;
  };
  static constexpr Part parts[] = {
      {Answered::all, "latency_mean_ms", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms"},
      {Answered::success, "success_latency_mean_ms", "success_latency_p50_ms", "success_latency_p95_ms", "success_latency_p99_ms"},
      {Answered::failure, "failure_latency_mean_ms", "failure_latency_p50_ms", "failure_latency_p95_ms", "failure_latency_p99_ms"}};
  for (const Part& part : parts) {
    w.row(prefix, part.mean, pool.mean_ms(part.which));
    w.row(prefix, part.p50, pool.quantile_ms(part.which, 0.50));
    w.row(prefix, part.p95, pool.quantile_ms(part.which, 0.95));
    w.row(prefix, part.p99, pool.quantile_ms(part.which, 0.99));
  }
}

void client_rows(Writer& w, const std::string& prefix, const sim::BucketRecord& b, double span) {
  w.count(prefix, "sent", b[Counter::sent]);
  w.count(prefix, "requests", b[Counter::requests]);
  w.count(prefix, "successes", b[Counter::successes]);
  w.count(prefix, "failures", b[Counter::failures]);
  w.count(prefix, "degraded", b[Counter::degraded]);
  w.count(prefix, "errors", b[Counter::errors]);
  w.count(prefix, "unavailable", b[Counter::unavailable]);
  w.count(prefix, "timeouts", b[Counter::timeouts]);
  w.count(prefix, "rejected", b[Counter::rejected]);
  w.count(prefix, "overloaded", b[Counter::overloaded]);
  w.row(prefix, "availability", ratio(b[Counter::successes], b[Counter::requests]));
  w.row(prefix, "throughput_rps", static_cast<double>(b[Counter::requests]) / span);
  w.row(prefix, "goodput_rps", static_cast<double>(b[Counter::successes]) / span);
  w.row(prefix, "in_flight", b.area[static_cast<std::size_t>(Level::in_flight)] / span);
  latency_rows(w, prefix, b);
}

void service_rows(Writer& w, const std::string& prefix, const sim::SubjectBucket& service,
                  const std::vector<std::string>& level_names, double span, const scenarios::Service& config) {
  const sim::BucketRecord& b = service.record;
  w.count(prefix, "requests", b[Counter::requests]);
  w.count(prefix, "successes", b[Counter::successes]);
  w.count(prefix, "failures", b[Counter::failures]);
  w.count(prefix, "rejected", b[Counter::rejected]);
  w.count(prefix, "shed", b[Counter::shed]);
  w.count(prefix, "lost", b[Counter::lost]);
  w.count(prefix, "degraded", b[Counter::degraded]);
  w.count(prefix, "expired", b[Counter::expired]);
  w.count(prefix, "cancelled", b[Counter::cancelled]);
  w.count(prefix, "wasted", b[Counter::wasted]);
  w.row(prefix, "throughput_rps", static_cast<double>(b[Counter::successes] + b[Counter::failures]) / span);
  w.row(prefix, "busy", b.area[static_cast<std::size_t>(Level::busy)] / span);
  if (!config.autoscaling) {
    w.row(prefix, "utilization", b.area[static_cast<std::size_t>(Level::busy)] / span / config.worker_slots());
  } else {
    const double worker_s = worker_seconds(config, level_names, service.named_area, span);
    w.row(prefix, "utilization", worker_s > 0 ? b.area[static_cast<std::size_t>(Level::busy)] / worker_s : 0.0);
  }
  w.row(prefix, "queue_length", b.area[static_cast<std::size_t>(Level::queued)] / span);
  w.row(prefix, "wasted_busy", b.area[static_cast<std::size_t>(Level::wasted_busy)] / span);
  w.count(prefix, "redelivered", b[Counter::redelivered]);
  w.count(prefix, "dead_letters", b[Counter::dead_letters]);
  for (std::size_t k = 0; k < level_names.size(); ++k) w.row(prefix, level_names[k].c_str(), service.named_area[k] / span);
  latency_rows(w, prefix, b);
}

void endpoint_rows(Writer& w, const std::string& prefix, const sim::BucketRecord& b, double span) {
  w.count(prefix, "requests", b[Counter::requests]);
  w.count(prefix, "successes", b[Counter::successes]);
  w.count(prefix, "failures", b[Counter::failures]);
  w.count(prefix, "rejected", b[Counter::rejected]);
  w.count(prefix, "shed", b[Counter::shed]);
  w.count(prefix, "degraded", b[Counter::degraded]);
  w.count(prefix, "expired", b[Counter::expired]);
  w.count(prefix, "cancelled", b[Counter::cancelled]);
  w.count(prefix, "wasted", b[Counter::wasted]);
  w.row(prefix, "throughput_rps", static_cast<double>(b[Counter::successes] + b[Counter::failures]) / span);
  latency_rows(w, prefix, b);
}

void edge_rows(Writer& w, const std::string& prefix, const sim::SubjectBucket& edge, const std::vector<std::string>& level_names,
               double span) {
  const sim::BucketRecord& b = edge.record;
  w.count(prefix, "calls", b[Counter::sent]);
  w.count(prefix, "attempts", b[Counter::attempts]);
  w.count(prefix, "retries", b[Counter::retries]);
  w.count(prefix, "successes", b[Counter::successes]);
  w.count(prefix, "failures", b[Counter::failures]);
  w.count(prefix, "timeouts", b[Counter::timeouts]);
  w.count(prefix, "fallbacks", b[Counter::fallbacks]);
  w.count(prefix, "degraded", b[Counter::degraded]);
  w.count(prefix, "lost", b[Counter::lost]);
  w.count(prefix, "expired", b[Counter::expired]);
  w.count(prefix, "cancelled", b[Counter::cancelled]);
  w.count(prefix, "overloaded", b[Counter::overloaded]);
  static const auto refusals = [] {
    std::vector<std::pair<patterns::PatternKind, std::string>> out;
    for (patterns::PatternKind kind : patterns::all_pattern_kinds)
      if (patterns::can_refuse(kind)) out.emplace_back(kind, rejection_metric(kind));
    return out;
  }();
  for (const auto& [kind, metric] : refusals) w.count(prefix, metric, b[kind]);
  w.count(prefix, "rejected_retry_budget", b[Counter::rejected_by_retry_budget]);
  w.row(prefix, "circuit_open", b.area[static_cast<std::size_t>(Level::circuit_open)] / span);
  w.row(prefix, "circuit_half_open", b.area[static_cast<std::size_t>(Level::circuit_half_open)] / span);
  w.row(prefix, "in_flight", b.area[static_cast<std::size_t>(Level::in_flight)] / span);
  w.row(prefix, "unhealthy_instances", b.area[static_cast<std::size_t>(Level::unhealthy)] / span);
  for (std::size_t k = 0; k < level_names.size(); ++k) w.row(prefix, level_names[k].c_str(), edge.named_area[k] / span);
}

}  // namespace

std::string rejection_metric(patterns::PatternKind kind) { return "rejected_" + std::string(patterns::name_of(kind)); }

void timeseries_csv(const std::vector<VariantRuns>& variants, const std::function<void(std::string_view)>& sink) {
  Writer w(sink);
  w.text(std::string(timeseries_csv_header) + "\n");
  sim::BucketFrame frame;
  for (const auto& v : variants) {
    const auto& s = *v.scenario;
    const auto edges = sim::edge_list(s);
    // Each subject's part of a row's prefix, made once, put after the bucket's in one reused buffer.
    std::vector<std::string> client_prefixes, service_prefixes, edge_prefixes, endpoint_prefixes;
    for (const auto& c : s.clients) client_prefixes.push_back("client," + field(c.name) + ",");
    for (const auto& svc : s.services) service_prefixes.push_back("service," + field(svc.name) + ",");
    for (const auto& e : edges) edge_prefixes.push_back("edge," + field(sim::edge_subject(e)) + ",");
    for (const auto& svc : s.services)
      if (svc.has_named_endpoints())
        for (const auto& ep : svc.endpoints)
          endpoint_prefixes.push_back("endpoint," + field(sim::endpoint_subject(svc.name, ep.name)) + ",");
    const std::string variant = field(s.variant);
    std::string at, prefix;
    const auto subject = [&](const std::string& part) -> const std::string& {
      prefix.assign(at);
      prefix += part;
      return prefix;
    };
    for (const auto& run : *v.runs) {
      sim::SpoolReader buckets(run.spool->path());
      for (std::size_t k = 0; k < run.buckets; ++k) {
        if (!buckets.next(frame)) throw std::runtime_error(fmt::format("{}: {} buckets, {} expected", run.spool->path(), k, run.buckets));
        const double span = span_of(run, k);
        at = fmt::format("{},{},{},", variant, run.replication, static_cast<double>(k) * run.bucket_s);
        for (std::size_t c = 0; c < s.clients.size(); ++c) client_rows(w, subject(client_prefixes[c]), frame.clients[c].record, span);
        for (std::size_t i = 0; i < s.services.size(); ++i)
          service_rows(w, subject(service_prefixes[i]), frame.services[i], run.services[i].level_names, span, s.services[i]);
        for (std::size_t e = 0; e < edges.size(); ++e)
          edge_rows(w, subject(edge_prefixes[e]), frame.edges[e], run.edges[e].level_names, span);
        for (std::size_t e = 0; e < endpoint_prefixes.size(); ++e)
          endpoint_rows(w, subject(endpoint_prefixes[e]), frame.endpoints[e].record, span);
        w.flush_if_full();
      }
    }
    // A fault's window: once when no draw moves it, else each occurrence's,
    // per replication, at its start.
    const auto fault_subject = [&](const sim::FaultOccurrence& o) {
      return field(fmt::format("{}:{}", o.fault, scenarios::name_of(o.played.kind())));
    };
    if (!v.runs->empty()) {
      const auto first = sim::fault_timeline(s, v.runs->front().seed);
      for (const auto& o : first.occurrences) {
        if (s.faults[static_cast<std::size_t>(o.fault)].schedule) continue;
        const std::string prefix = fmt::format("{},,,fault,{},", variant, fault_subject(o));
        w.row(prefix, "start_s", o.played.at_s);
        w.row(prefix, "end_s", o.played.end_s());
      }
    }
    for (const auto& run : *v.runs)
      for (const auto& o : sim::fault_timeline(s, run.seed).occurrences) {
        if (!s.faults[static_cast<std::size_t>(o.fault)].schedule) continue;
        const std::string prefix = fmt::format("{},{},{},fault,{},", variant, run.replication, o.played.at_s, fault_subject(o));
        w.row(prefix, "start_s", o.played.at_s);
        w.row(prefix, "end_s", o.played.end_s());
      }
  }
  w.flush();
}

void write_timeseries_csv(const std::string& path, const std::vector<VariantRuns>& variants, bool gzip) {
  AtomicFile file(path);
  if (gzip) {
    GzipSink compressed(file);
    timeseries_csv(variants, [&compressed](std::string_view piece) { compressed.write(piece); });
    compressed.finish();
  } else {
    timeseries_csv(variants, [&file](std::string_view piece) { file.write(piece); });
  }
  file.commit();
}

}  // namespace chaossim::reports
