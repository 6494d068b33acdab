#include <unistd.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "reports/console_summary.hpp"
#include "reports/journal.hpp"
#include "reports/junit.hpp"
#include "reports/output_set.hpp"
#include "reports/results_json.hpp"
#include "reports/report_files.hpp"
#include "reports/timeseries_csv.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/loader.hpp"
#include "sim/scenario_tester.hpp"
#include "sim/simulation.hpp"
#include "sim/work_estimate.hpp"
#include "tools/commands.hpp"
#include "tools/interruption.hpp"
#include "tools/output_folder.hpp"
#include "tools/run_budget.hpp"
#include "tools/target_ci.hpp"
#include "tools/progress_line.hpp"

namespace chaossim::tools {

namespace {

std::vector<const scenarios::Scenario*> select_variants(const scenarios::ScenarioSet& set, const RunOptions& options) {
  std::vector<const scenarios::Scenario*> chosen;
  if (!options.variant) {
    chosen.push_back(&set.base);
    for (const auto& v : set.variants) chosen.push_back(&v);
    return chosen;
  }
  if (const auto* s = set.find(*options.variant)) chosen.push_back(s);
  return chosen;
}

// The --journal: the first variant run (the base, or the one --variant chose).
std::string journal_of(const std::vector<reports::VariantSummary>& summaries) {
  return reports::chaostoolkit_journal(reports::variant_json(summaries.front()));
}

// results.json, timeseries.csv, the report files and (--junit, --journal,
// when they lie in the output folder) the JUnit XML and the journal, staged
// to be published together.
// Throws what went wrong, naming the file.
void write_outputs(const reports::OutputSet& outputs, const std::vector<reports::VariantSummary>& summaries,
                   const std::vector<reports::VariantRuns>& series, bool several_variants, const RunOptions& options,
                   int jobs) {
  const std::filesystem::path& dir = outputs.staging();
  const std::string csv_path = (dir / (options.csv_gzip ? "timeseries.csv.gz" : "timeseries.csv")).string();
  const auto write_csv = [&] { reports::write_timeseries_csv(csv_path, series, options.csv_gzip); };
  // The CSV is read from the spools apart from everything else: with a core
  // to spare, it is written beside the rest (for a topology of a thousand
  // services it is as long as the rest together).
  std::exception_ptr csv_failed;
  std::jthread beside;
  if (jobs > 1) {
    beside = std::jthread([&] {
      try {
        write_csv();
      } catch (...) {
        csv_failed = std::current_exception();
      }
    });
  }
  const auto results = reports::results_json(summaries, several_variants);
  reports::write_file_atomically((dir / "results.json").string(), results.dump(2) + "\n");
  reports::write_report_files(dir.string(), {true, true, options.png}, results);
  if (options.junit && outputs.place(*options.junit) != *options.junit)
    reports::write_file_atomically(outputs.place(*options.junit).string(), reports::junit_xml(summaries));
  if (options.journal && outputs.place(*options.journal) != *options.journal)
    reports::write_file_atomically(outputs.place(*options.journal).string(), journal_of(summaries));
  if (beside.joinable()) {
    beside.join();
    if (csv_failed) std::rethrow_exception(csv_failed);
  } else {
    write_csv();
  }
}

// The output folder, checked and staged; null (said why) when it cannot be written.
std::unique_ptr<reports::OutputSet> open_outputs(const std::string& folder) {
  try {
    return std::make_unique<reports::OutputSet>(folder);
  } catch (const reports::OutputFolderError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return nullptr;
  }
}

// Publishes the staged outputs whole, then a --junit or --journal outside the folder.
void publish(reports::OutputSet& outputs, const std::vector<reports::VariantSummary>& summaries, const RunOptions& options) {
  {
    const Interruption::Deferred hold;
    outputs.publish();
  }
  if (options.junit && outputs.place(*options.junit) == *options.junit)
    reports::write_file_atomically(*options.junit, reports::junit_xml(summaries));
  if (options.journal && outputs.place(*options.journal) == *options.journal)
    reports::write_file_atomically(*options.journal, journal_of(summaries));
}

}  // namespace

int run_command(const RunOptions& options) {
  const Interruption interruption;
  const auto loaded = scenarios::load_scenario_file(options.scenario);
  if (!loaded.scenarios) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
    return exit_bad_input;
  }
  const auto& set = *loaded.scenarios;
  const auto chosen = select_variants(set, options);
  if (chosen.empty()) {
    const auto names = set.variant_names();
    std::vector<std::string_view> views(names.begin(), names.end());
    fmt::print(stderr, "{}: error: no variant \"{}\"{}; the variants are: {}\n", options.scenario, *options.variant,
               scenarios::did_you_mean(*options.variant, views), fmt::join(names, ", "));
    return exit_bad_input;
  }
  std::vector<CiTarget> targets;
  for (const auto& spec : options.target_ci) {
    std::string problem;
    if (auto t = parse_ci_target(spec, problem)) {
      targets.push_back(std::move(*t));
    } else {
      fmt::print(stderr, "error: {}\n", problem);
      return exit_bad_input;
    }
  }
  // A target's first estimate of the spread needs a few replications.
  int replications = options.replications.value_or(set.base.replications);
  if (!targets.empty()) replications = std::min(std::max(replications, reports::recommended_replications), options.max_replications);
  const std::uint64_t seed = options.seed.value_or(set.base.seed);
  const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));

  const std::string out_folder = options.out_dir.value_or(default_output_folder(set.base.name));
  RunBudget budget = run_budget(options.max_requests, options.memory_mib);
  budget_disk(budget, out_folder, true, options.csv_gzip ? sim::gzip_csv_ratio : 1.0);
  if (const std::string problem = over_budget(sim::estimate_work(chosen, replications), budget); !problem.empty()) {
    fmt::print(stderr, "{}: error: {}\n", options.scenario, problem);
    return exit_bad_input;
  }
  // The folder is checked before anything runs: a run of an hour must not
  // end in "cannot write".
  auto outputs = open_outputs(out_folder);
  if (!outputs) return exit_bad_input;

  sim::ResilienceScenarioTester tester(jobs);
  ProgressLine progress(!options.quiet);
  tester.on_progress([&](const sim::TesterProgress& p) { progress.update(p); });
  tester.stop_when([&] { return interruption.requested(); });
  tester.limit_memory(budget.memory_bytes / jobs);
  // Beside the outputs, on their disk: a long run's buckets are as large as its CSV.
  tester.spool_in(outputs->staging().string());
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::vector<sim::ReplicationResult>> runs(chosen.size());
  std::vector<scenarios::Scenario> played;  // as run: with the seed used
  for (const auto* s : chosen) {
    played.push_back(*s);
    played.back().seed = seed;
  }
  std::vector<reports::VariantSummary> summaries;
  const auto summarize = [&] {
    summaries.clear();
    for (std::size_t i = 0; i < chosen.size(); ++i) summaries.push_back(reports::summarize(played[i], runs[i]));
  };
  // Rounds of replications until every --target-ci holds: each round adds
  // the ones a longer run would have had (seeded by their numbers).
  int done = 0;
  std::string stopped_by = "--max-replications";
  try {
    for (int wanted = replications; wanted > done;) {
      if (done > 0 && !over_budget(sim::estimate_work(chosen, wanted), budget).empty()) {
        stopped_by = "the run's budget (--max-requests, --memory-budget, the disk)";
        break;
      }
      auto more = tester.run(chosen, wanted - done, seed, done);
      for (std::size_t i = 0; i < chosen.size(); ++i)
        for (auto& r : more[i]) runs[i].push_back(std::move(r));
      done = wanted;
      if (targets.empty()) break;
      summarize();
      wanted = replications_needed(summaries, targets, done, options.max_replications);
    }
  } catch (const sim::RunInterrupted&) {
    progress.clear();
    return interruption.report();
  } catch (const sim::RunFailed& e) {
    fmt::print(stderr, "{}: error: {}\n", options.scenario, e.what());
    return exit_bad_input;
  } catch (const std::exception& e) {
    progress.clear();
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  progress.clear();

  std::vector<reports::VariantRuns> series;
  const std::string results_path = (outputs->folder() / "results.json").string();
  try {
    if (targets.empty()) summarize();
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      series.push_back({&played[i], &runs[i]});
      for (auto& w : unmet_targets(summaries[i], targets, stopped_by)) summaries[i].warnings.push_back(std::move(w));
    }
    if (interruption.requested()) return interruption.report();
    write_outputs(*outputs, summaries, series, !options.variant && chosen.size() > 1, options, jobs);
    // Their spools lie in the staging folder: gone before it is published.
    series.clear();
    runs.clear();
    // A signal also reaches gnuplot, whose failure is then the interruption's.
    if (interruption.requested()) return interruption.report();
    publish(*outputs, summaries, options);
  } catch (const std::exception& e) {
    if (interruption.requested()) return interruption.report();
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }

  // Exit code 1 only for an objective not met: an inconclusive one (its
  // interval straddles the objective) is said in the summary, and fails
  // only when asked to (--inconclusive-fails).
  bool failed = false;
  for (const auto& v : summaries) {
    fmt::print("{}\n", reports::console_summary(v));
    const reports::Verdict verdict = v.slo_verdict();
    failed = failed || verdict == reports::Verdict::not_met ||
             (options.inconclusive_fails && verdict == reports::Verdict::inconclusive);
  }
  const std::size_t played_runs = chosen.size() * static_cast<std::size_t>(done);
  fmt::print("simulated {} run{} in {:.2f}s of wall time on {} job{}\nresults: {}\n", played_runs, played_runs == 1 ? "" : "s",
             wall, jobs, jobs == 1 ? "" : "s", results_path);
  return failed ? exit_slo_failed : exit_ok;
}

}  // namespace chaossim::tools
