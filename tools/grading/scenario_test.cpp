#include "tools/grading/scenario_test.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "reports/thinning.hpp"
#include "sim/bucket_spool.hpp"
#include "sim/scenario_tester.hpp"
#include "tools/grading/composition.hpp"
#include "tools/grading/remote_patterns.hpp"
#include "tools/grading/session.hpp"

namespace chaossim::grading {
namespace {

std::uint64_t seed_of(const GradingTest& test, const scenarios::Scenario& s) { return test.seed.value_or(s.seed); }

// The most CPU time the grader's simulation of one replication may take: a
// grading scenario takes well under a second in a Release build, and the
// sanitizers make everything several times slower.
#if defined(__SANITIZE_ADDRESS__)
constexpr double simulation_cpu_s = 240;
#else
constexpr double simulation_cpu_s = 60;
#endif

// A replication's patterns: the submission's, over a session of its own.
class SubmissionSource final : public sim::PatternSource {
 public:
  SubmissionSource(const GradingTest& test, GradingContext& context, const std::filesystem::path& workdir)
      : session_(*context.submission, workdir, context.limits),
        factory_(session_, std::set<StudentPattern>(test.patterns.begin(), test.patterns.end())) {
    for (StudentPattern p : test.patterns)
      if (!session_.failed() && !session_.implements(p))
        session_.fail(fmt::format("does not implement {} (define the class {}, or return one from your factory)", name_of(p),
                                  class_name_of(p)));
  }
  patterns::PatternFactory& factory() override { return factory_; }
  std::string finish() override {
    session_.finish();
    return json{{"failure", session_.failed() ? json(session_.failure()) : json(nullptr)},
                {"error_output", session_.error_output()},
                {"peak_rss_kib", session_.peak_rss_kib()}}
        .dump();
  }

 private:
  Session session_;
  RemotePatternFactory factory_;
};

// The submission's runs of the test's scenario, or why there are none.
struct Played {
  std::vector<sim::ReplicationResult> runs;
  std::optional<std::string> failure;
  std::string error_output;
  std::optional<double> peak_memory_mib;  // the submission's, the most over its processes
};

Played play(const GradingTest& test, const scenarios::Scenario& scenario, GradingContext& context) {
  // One replication at a time: a class's graders already fill the cores.
  sim::ResilienceScenarioTester tester(1);
  std::vector<std::filesystem::path> workdirs;
  for (int r = 0; r < test.replications; ++r) workdirs.push_back(context.fresh_workdir());
  tester.use_patterns([&](const scenarios::Scenario&, int replication) {
    return std::make_unique<SubmissionSource>(test, context, workdirs[static_cast<std::size_t>(replication)]);
  });
  // The session stops the submission at its limits; this stops a simulation
  // that a submission's answers made endless. By its CPU time, which a busy
  // machine does not move; the wall clock only as a last resort, past what
  // any load could explain.
  tester.limit_cpu_time(simulation_cpu_s);
  tester.limit_wall_time(4 * simulation_cpu_s + context.limits.wall_s);
  Played played;
  try {
    played.runs = tester.run({&scenario}, test.replications, seed_of(test, scenario)).front();
    for (const auto& note : tester.notes().front()) {
      const json n = json::parse(note);
      const double mib = n.value("peak_rss_kib", 0.0) / 1024;
      played.peak_memory_mib = std::max(played.peak_memory_mib.value_or(0), mib);
      if (!n["failure"].is_null() && !played.failure) {
        played.failure = n["failure"].get<std::string>();
        played.error_output = n["error_output"].get<std::string>();
      }
    }
  } catch (const sim::RunTimedOut&) {
    played.failure = fmt::format("made the scenario endless: the grader's simulation of it did not finish within {:g} s "
                                 "of CPU time", simulation_cpu_s);
  } catch (const sim::RunFailed& e) {
    played.failure = fmt::format("could not be played: {}", e.what());
  }
  for (const auto& dir : workdirs) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    std::filesystem::remove(dir.string() + ".stderr", ignored);
  }
  return played;
}

const reports::ClientSummary* client_of(const reports::VariantSummary& s, const std::string& name) {
  if (s.clients.empty()) return nullptr;
  if (name.empty()) return &s.clients.front();
  for (const auto& c : s.clients)
    if (c.name == name) return &c;
  return nullptr;
}

// What `counter` counted on `edge` in the buckets its breaker spent open from
// start to end, over every run.
std::optional<double> while_open(const std::vector<sim::ReplicationResult>& runs, std::size_t edge, sim::Counter counter) {
  double attempts = 0;
  sim::BucketFrame frame;
  for (const auto& run : runs) {
    if (edge >= run.edges.size()) return std::nullopt;
    sim::SpoolReader spool(run.spool->path());
    while (spool.next(frame)) {
      const auto& b = frame.edges[edge].record;
      if (b.area[static_cast<std::size_t>(sim::Level::circuit_open)] >= run.bucket_s * (1 - 1e-9))
        attempts += static_cast<double>(b[counter]);
    }
  }
  return attempts;
}

std::optional<double> metric(const Check& c, const reports::VariantSummary& s, const std::vector<sim::ReplicationResult>& runs,
                             std::optional<double> peak_memory_mib) {
  switch (c.metric) {
    case Metric::peak_memory_mib: return peak_memory_mib;
    case Metric::availability: {
      const auto* client = client_of(s, c.client);
      return client ? std::optional(client->availability) : std::nullopt;
    }
    case Metric::p95_ms:
    case Metric::p99_ms: {
      const auto* client = client_of(s, c.client);
      if (!client) return std::nullopt;
      return c.metric == Metric::p95_ms ? client->latency.p95_ms : client->latency.p99_ms;
    }
    case Metric::degraded_fraction: {
      const auto* client = client_of(s, c.client);
      if (!client || client->requests == 0) return std::nullopt;
      return static_cast<double>(client->degraded) / static_cast<double>(client->requests);
    }
    case Metric::recover_s:
      return static_cast<std::size_t>(c.fault) < s.faults.size() ? s.faults[c.fault].recover_s : std::nullopt;
    case Metric::detect_s:
      return static_cast<std::size_t>(c.fault) < s.faults.size() ? s.faults[c.fault].detect_s : std::nullopt;
    case Metric::retry_amplification:
    case Metric::attempts_while_open:
    case Metric::retries_while_open:
    case Metric::fallback_fraction:
      for (std::size_t e = 0; e < s.edges.size(); ++e) {
        const auto& edge = s.edges[e];
        if (edge.info.from + "->" + edge.info.to != c.edge) continue;
        if (c.metric == Metric::retry_amplification) return edge.retry_amplification;
        if (c.metric == Metric::attempts_while_open) return while_open(runs, e, sim::Counter::attempts);
        if (c.metric == Metric::retries_while_open) return while_open(runs, e, sim::Counter::retries);
        if (edge.calls == 0) return std::nullopt;
        return static_cast<double>(edge.fallbacks) / static_cast<double>(edge.calls);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::string shown(Metric m, std::optional<double> v) {
  if (!v) return m == Metric::recover_s ? "never (not recovered before the run ended)" : m == Metric::detect_s ? "never" : "none";
  switch (m) {
    case Metric::availability:
    case Metric::degraded_fraction:
    case Metric::fallback_fraction: return fmt::format("{:.2f}%", *v * 100);
    case Metric::p95_ms:
    case Metric::p99_ms: return fmt::format("{:.1f} ms", *v);
    case Metric::recover_s:
    case Metric::detect_s: return fmt::format("{:.2f} s", *v);
    case Metric::retry_amplification: return fmt::format("{:.3f}", *v);
    case Metric::attempts_while_open:
    case Metric::retries_while_open: return fmt::format("{:.0f}", *v);
    case Metric::peak_memory_mib: return fmt::format("{:.0f} MiB", *v);
  }
  return fmt::format("{:g}", *v);
}

std::string subject(const Check& c, const scenarios::Scenario& s, const reports::VariantSummary& reference) {
  const auto fault = [&] {
    const auto i = static_cast<std::size_t>(c.fault);
    return i < reference.faults.size() ? fmt::format("fault {} ({} of {})", c.fault, reference.faults[i].kind, reference.faults[i].subject)
                                       : fmt::format("fault {}", c.fault);
  };
  switch (c.metric) {
    case Metric::availability:
    case Metric::p95_ms:
    case Metric::p99_ms:
    case Metric::degraded_fraction:
      return fmt::format("{} of client \"{}\"", name_of(c.metric), c.client.empty() ? s.clients.front().name : c.client);
    case Metric::recover_s: return "recovery time after " + fault();
    case Metric::detect_s: return "detection time of " + fault();
    case Metric::retry_amplification: return fmt::format("retry amplification on {}", c.edge);
    case Metric::attempts_while_open: return fmt::format("attempts sent on {} while its breaker was open", c.edge);
    case Metric::retries_while_open: return fmt::format("retries on {} while its breaker was open", c.edge);
    case Metric::peak_memory_mib: return "the most memory your submission held at once";
    case Metric::fallback_fraction: return fmt::format("share of calls on {} a fallback answered", c.edge);
  }
  return std::string(name_of(c.metric));
}

// Verdict and sentence for one check.
std::pair<bool, std::string> judge(const Check& c, const scenarios::Scenario& s, const reports::VariantSummary& summary,
                                   std::optional<double> yours, std::optional<double> reference) {
  const bool timing = c.metric == Metric::recover_s || c.metric == Metric::detect_s;
  std::optional<double> bound = c.bound;
  std::string how = fmt::format("{} {}", c.at_least ? "at least" : "at most", shown(c.metric, bound));
  if (c.against_reference) {
    bound = reference ? std::optional(*reference * c.times + (c.at_least ? -c.margin : c.margin)) : std::nullopt;
    how = fmt::format("{} {} (the reference's{}{})", c.at_least ? "at least" : "at most", shown(c.metric, bound),
                      c.times != 1 ? fmt::format(" x {:g}", c.times) : "",
                      c.margin != 0 ? fmt::format(" {} {}", c.at_least ? "minus" : "plus", shown(c.metric, c.margin)) : "");
  }
  bool ok;
  if (!bound) ok = true;  // the reference never recovered (or detected) either: nothing to hold the submission to
  else if (!yours) ok = false;
  else ok = c.at_least ? *yours >= *bound - 1e-12 : *yours <= *bound + 1e-12;
  std::string line = fmt::format("{} {}: yours {}", ok ? "ok  " : "FAIL", subject(c, s, summary), shown(c.metric, yours));
  if (c.against_reference) line += fmt::format(", the reference's {}", shown(c.metric, reference));
  line += fmt::format("; expected {}", bound || !timing ? how : "anything (the reference did not either)");
  return {ok, line};
}

// Per bucket, pooled over the runs: what an edge check is about; thinned as
// the summary's series are, so that its points fall on theirs.
std::vector<std::optional<double>> edge_series(const std::vector<sim::ReplicationResult>& runs, std::size_t edge, Metric metric,
                                               const reports::VariantSummary& summary) {
  const std::size_t buckets = summary.buckets;
  std::vector<double> numerator(buckets), denominator(buckets);
  sim::BucketFrame frame;
  for (const auto& run : runs) {
    if (edge >= run.edges.size()) continue;
    sim::SpoolReader spool(run.spool->path());
    for (std::size_t b = 0; b < buckets && spool.next(frame); ++b) {
      const auto& bucket = frame.edges[edge].record;
      switch (metric) {
        case Metric::attempts_while_open:
        case Metric::retries_while_open:
          numerator[b] += 100 * bucket.area[static_cast<std::size_t>(sim::Level::circuit_open)];
          denominator[b] += run.bucket_s;
          break;
        case Metric::fallback_fraction:
          numerator[b] += 100 * static_cast<double>(bucket[sim::Counter::degraded]);
          denominator[b] += static_cast<double>(bucket[sim::Counter::requests]);
          break;
        default:  // retry amplification
          numerator[b] += static_cast<double>(bucket[sim::Counter::attempts]);
          denominator[b] += static_cast<double>(bucket[sim::Counter::sent]);
          break;
      }
    }
  }
  std::vector<std::optional<double>> out;
  for (std::size_t b = 0; b < buckets; ++b) {
    out.push_back(denominator[b] > 0 ? std::optional(numerator[b] / denominator[b]) : std::nullopt);
    const std::size_t every = summary.series_every;
    if (every > 1 && ((b + 1) % every == 0 || b + 1 == buckets)) reports::thin_last(out, b % every + 1);
  }
  return out;
}

void add_edge_trace(ScenarioTrace& t, const std::vector<Check>& checks, const reports::VariantSummary& summary,
                    const std::vector<sim::ReplicationResult>& yours, const std::vector<sim::ReplicationResult>& reference) {
  for (const Check& c : checks) {
    if (c.edge.empty()) continue;
    for (std::size_t e = 0; e < summary.edges.size(); ++e) {
      if (summary.edges[e].info.from + "->" + summary.edges[e].info.to != c.edge) continue;
      const Metric m = c.metric;
      const bool open = m == Metric::attempts_while_open || m == Metric::retries_while_open;
      t.edge_title = open ? "Breaker open on " + c.edge
                     : m == Metric::fallback_fraction ? "Calls a fallback answered on " + c.edge
                                                      : "Attempts per call on " + c.edge;
      t.edge_ylabel = open ? "open (% of the bucket)"
                      : m == Metric::fallback_fraction ? "answered by a fallback (%)"
                                                       : "attempts per call";
      t.edge = edge_series(yours, e, m, summary);
      t.reference_edge = edge_series(reference, e, m, summary);
      return;
    }
  }
}

ScenarioTrace trace_of(const reports::VariantSummary& yours, const reports::VariantSummary& reference, const Check* first) {
  ScenarioTrace t;
  t.bucket_starts_s = reference.point_starts_s;
  const auto index = [&](const reports::VariantSummary& s) {
    std::size_t i = 0;
    if (first && !first->client.empty())
      for (std::size_t k = 0; k < s.clients.size(); ++k)
        if (s.clients[k].name == first->client) i = k;
    return i;
  };
  if (!reference.client_series.empty()) {
    const auto& r = reference.client_series[index(reference)];
    t.reference_availability = r.availability;
    t.reference_p99_ms = r.p99_ms;
  }
  if (!yours.client_series.empty()) {
    const auto& y = yours.client_series[index(yours)];
    t.availability = y.availability;
    t.p99_ms = y.p99_ms;
  }
  for (const auto& f : reference.faults) t.faults.emplace_back(f.start_s, f.end_s);
  return t;
}

}  // namespace

struct ScenarioTests::Reference {
  scenarios::ScenarioSet set;
  const scenarios::Scenario* scenario = nullptr;
  std::vector<sim::ReplicationResult> runs;
  reports::VariantSummary summary;
};

ScenarioTests::~ScenarioTests() = default;

ScenarioTests::ScenarioTests(const GradingSuite& suite, int jobs) {
  sim::ResilienceScenarioTester tester(jobs);
  for (const auto& test : suite.tests) {
    if (test.kind != GradingTest::Kind::scenario && test.kind != GradingTest::Kind::composition) continue;
    auto loaded = scenarios::load_scenario_file(test.scenario_file);
    if (!loaded.scenarios) throw std::runtime_error(fmt::format("{} does not load", test.scenario_file));
    auto reference = std::make_unique<Reference>();
    reference->set = std::move(*loaded.scenarios);
    reference->scenario = reference->set.find(test.variant);
    if (reference->scenario == nullptr) throw std::runtime_error(fmt::format("{} has no variant {}", test.scenario_file, test.variant));
    reference->runs = tester.run({reference->scenario}, test.replications, seed_of(test, *reference->scenario)).front();
    reference->summary = reports::summarize(*reference->scenario, reference->runs);
    references_[test.name] = std::move(reference);
  }
}

TestResult ScenarioTests::run(const GradingTest& test, GradingContext& context) const {
  TestResult result{test.name, test.kind, 0, test.points, false, test.visibility, test.category, {}, {}};
  const Reference& reference = *references_.at(test.name);
  std::optional<Composed> composed;
  if (test.kind == GradingTest::Kind::composition) composed = compose_scenario(*reference.scenario, context);
  const scenarios::Scenario& scenario = composed ? composed->scenario : *reference.scenario;
  Played played = composed && composed->failure ? Played{{}, composed->failure, composed->error_output, std::nullopt}
                                                : play(test, scenario, context);
  const auto& runs = played.runs;
  const auto& failure = played.failure;
  const auto& error_output = played.error_output;
  std::vector<std::string> names;
  for (StudentPattern p : test.patterns) names.push_back(std::string(class_name_of(p)));
  std::string output = fmt::format("{}\n\nScenario \"{}\"{} with your {} ({} replication{}).", test.feedback, scenario.name,
                                   scenario.variant == "base" ? "" : fmt::format(" (variant {})", scenario.variant),
                                   fmt::join(names, ", "), test.replications, test.replications == 1 ? "" : "s");
  if (composed && !composed->told.empty()) output += "\nYour composition, outermost first:" + composed->told;
  if (failure) {
    output += fmt::format("\n\nYour submission {}.", *failure);
    if (!error_output.empty()) output += "\n\nYour submission's error output:\n" + error_output;
    result.output = output;
    return result;
  }
  const auto summary = reports::summarize(scenario, runs);
  bool all = true;
  for (const Check& c : test.checks) {
    const auto [ok, line] = judge(c, scenario, reference.summary, metric(c, summary, runs, played.peak_memory_mib),
                                  metric(c, reference.summary, reference.runs, std::nullopt));
    all = all && ok;
    output += "\n" + line;
  }
  result.passed = all;
  result.score = all ? test.points : 0;
  result.output = output;
  result.trace = trace_of(summary, reference.summary, test.checks.empty() ? nullptr : &test.checks.front());
  add_edge_trace(*result.trace, test.checks, reference.summary, runs, reference.runs);
  return result;
}

}  // namespace chaossim::grading
