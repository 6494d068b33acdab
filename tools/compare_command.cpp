// chaossim compare: variants of one scenario, run on common random numbers,
// or results directories of the same scenario, side by side.
#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/output_set.hpp"
#include "reports/results_file.hpp"
#include "reports/atomic_file.hpp"
#include "reports/compare.hpp"
#include "reports/compare_html.hpp"
#include "reports/results_json.hpp"
#include "reports/summary.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/loader.hpp"
#include "sim/scenario_tester.hpp"
#include "sim/work_estimate.hpp"
#include "tools/commands.hpp"
#include "tools/interruption.hpp"
#include "tools/output_folder.hpp"
#include "tools/run_budget.hpp"
#include "tools/progress_line.hpp"

namespace chaossim::tools {

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// Runs the chosen variants of a scenario file; each results object goes to `out`.
int run_variants(const CompareOptions& o, const Interruption& interruption, std::vector<std::pair<std::string, ordered_json>>& out,
                 std::string& default_baseline) {
  const auto loaded = scenarios::load_scenario_file(o.inputs.front());
  if (!loaded.scenarios) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
    return exit_bad_input;
  }
  const auto& set = *loaded.scenarios;
  std::vector<const scenarios::Scenario*> chosen;
  const auto names = set.variant_names();
  for (const auto& name : o.variants.empty() ? names : o.variants) {
    const auto* s = set.find(name);
    if (s == nullptr) {
      std::vector<std::string_view> views(names.begin(), names.end());
      fmt::print(stderr, "{}: error: no variant \"{}\"{}; the variants are: {}\n", o.inputs.front(), name,
                 scenarios::did_you_mean(name, views), fmt::join(names, ", "));
      return exit_bad_input;
    }
    chosen.push_back(s);
  }
  const int replications = o.replications.value_or(set.base.replications);
  const std::uint64_t seed = o.seed.value_or(set.base.seed);
  const int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  RunBudget budget = run_budget(o.max_requests, o.memory_mib);
  const char* tmp = std::getenv("TMPDIR");
  budget_disk(budget, tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", false);  // the spools
  if (const std::string problem = over_budget(sim::estimate_work(chosen, replications), budget); !problem.empty()) {
    fmt::print(stderr, "{}: error: {}\n", o.inputs.front(), problem);
    return exit_bad_input;
  }
  sim::ResilienceScenarioTester tester(jobs);
  tester.limit_memory(budget.memory_bytes / jobs);
  ProgressLine progress(!o.quiet);
  tester.on_progress([&](const sim::TesterProgress& p) { progress.update(p); });
  tester.stop_when([&] { return interruption.requested(); });
  std::vector<std::vector<sim::ReplicationResult>> runs;
  try {
    // Replication i of every variant gets the same seed: common random numbers.
    runs = tester.run(chosen, replications, seed);
  } catch (const sim::RunInterrupted&) {
    progress.clear();
    return interruption.report();
  } catch (const sim::RunFailed& e) {
    fmt::print(stderr, "{}: error: {}\n", o.inputs.front(), e.what());
    return exit_bad_input;
  }
  progress.clear();
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    scenarios::Scenario s = *chosen[i];
    s.seed = seed;
    out.emplace_back(s.variant, reports::variant_json(reports::summarize(s, runs[i])));
  }
  default_baseline = out.front().first;
  return exit_ok;
}

// Reads results directories; a file with several variants gives "dir/variant" columns.
int read_directories(const CompareOptions& o, std::vector<std::pair<std::string, ordered_json>>& out,
                     std::string& default_baseline) {
  for (const auto& input : o.inputs) {
    ordered_json doc;
    try {
      doc = reports::read_results_file(fs::path(input) / "results.json");
    } catch (const reports::ResultsFileError& e) {
      fmt::print(stderr, "{}\n", e.what());
      return exit_bad_input;
    }
    std::string name = fs::path(input).lexically_normal().filename().string();
    if (name.empty()) name = fs::path(input).lexically_normal().parent_path().filename().string();
    if (doc.contains("variants")) {
      for (auto& [variant, v] : doc["variants"].items()) out.emplace_back(name + "/" + variant, v);
    } else {
      out.emplace_back(name, std::move(doc));
    }
  }
  default_baseline = out.front().first;
  return exit_ok;
}

}  // namespace

int compare_command(const CompareOptions& o) {
  const bool scenario_file = o.inputs.size() == 1 && fs::is_regular_file(o.inputs.front());
  if (!scenario_file && o.inputs.size() < 2) {
    fmt::print(stderr, "error: compare takes one scenario file, or two results directories or more\n");
    return exit_bad_input;
  }
  const Interruption interruption;
  // With --out, the folder is checked before anything runs.
  std::optional<reports::OutputSet> outputs;
  try {
    if (o.out_dir) outputs.emplace(*o.out_dir);
  } catch (const reports::OutputFolderError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }
  std::vector<std::pair<std::string, ordered_json>> results;
  std::string baseline;
  const int status = scenario_file ? run_variants(o, interruption, results, baseline) : read_directories(o, results, baseline);
  if (status != exit_ok) return status;
  if (o.baseline) baseline = *o.baseline;

  std::vector<reports::Compared> compared;
  for (const auto& [name, r] : results) compared.push_back({name, &r});
  reports::Comparison comparison;
  try {
    comparison = reports::compare(compared, baseline, o.unpaired);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  } catch (const nlohmann::json::exception& e) {
    fmt::print(stderr, "error: a results file is not a complete chaossim/results/v1 document ({})\n", e.what());
    return exit_bad_input;
  }
  std::string path;
  try {
    if (!outputs) outputs.emplace(default_output_folder(comparison.scenario, "-compare"));
    path = (outputs->folder() / "compare.json").string();
    const fs::path& dir = outputs->staging();
    reports::write_file_atomically((dir / "compare.json").string(), reports::compare_json(comparison).dump(2) + "\n");
    const reports::CompareDrawing draw{[](const reports::Chart& c) { return reports::render_chart(c, reports::ChartFormat::svg); },
                                       [](const reports::BarChart& c) { return reports::render_bar_chart(c, reports::ChartFormat::svg); }};
    reports::write_file_atomically((dir / "compare.html").string(), reports::compare_html(comparison, compared, draw));
    if (interruption.requested()) return interruption.report();
    const Interruption::Deferred hold;
    outputs->publish();
  } catch (const nlohmann::json::exception& e) {
    fmt::print(stderr, "error: a results file is not a complete chaossim/results/v1 document ({})\n", e.what());
    return exit_bad_input;
  } catch (const std::exception& e) {
    if (interruption.requested()) return interruption.report();
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }
  fmt::print("{}compare: {}\n", reports::compare_table(comparison), path);
  return exit_ok;
}

}  // namespace chaossim::tools
