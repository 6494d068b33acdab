// chaossim sweep: plans the points of a sweep file, runs those not done yet
// (all, or --only some: a worker's share), emits them for Slurm or GNU
// parallel (--emit), and merges a folder's points into sweep.csv, sweep.json
// and sweep.html (--merge; --status only says where the folder stands).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/sweep/sweep_design.hpp"
#include "scenarios/sweep/sweep_points.hpp"
#include "sim/scenario_tester.hpp"
#include "tools/commands.hpp"
#include "tools/interruption.hpp"
#include "tools/output_folder.hpp"
#include "tools/progress_line.hpp"
#include "tools/run_budget.hpp"
#include "tools/scale_out.hpp"
#include "tools/sweep/edge_search.hpp"
#include "tools/sweep/point_ids.hpp"
#include "tools/sweep/point_runner.hpp"
#include "tools/sweep/sweep_checks.hpp"
#include "tools/sweep/sweep_merge.hpp"

namespace chaossim::tools {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

struct Context {
  const SweepOptions& options;
  const scenarios::SweepFile& sweep;
  SweepFolder folder;
  int jobs;
};

void print_errors(const std::vector<scenarios::Diagnostic>& errors, std::size_t shown = 20) {
  for (std::size_t i = 0; i < errors.size() && i < shown; ++i) fmt::print(stderr, "{}\n", errors[i].format());
  if (errors.size() > shown) fmt::print(stderr, "... and {} more problems\n", errors.size() - shown);
}

std::vector<std::string> ids_of(const std::vector<PlannedPoint>& points) {
  std::vector<std::string> ids;
  for (const auto& p : points) ids.push_back(p.id);
  return ids;
}

// A worker's command for `only`.
std::string worker_command(const Context& c, const std::string& only, const std::string& jobs) {
  std::error_code ec;
  return fmt::format("{} sweep {} --out {} --only {} --jobs {} --quiet", shell_quoted(own_binary()),
                     shell_quoted(fs::absolute(c.sweep.file, ec).lexically_normal().string()),
                     shell_quoted(fs::absolute(c.folder.dir(), ec).lexically_normal().string()), only, jobs);
}

int emit(const Context& c, const std::vector<PlannedPoint>& points) {
  const auto all = ids_of(points);
  const Inventory inv = take_inventory(c.folder, points);
  std::vector<std::string> todo = inv.missing;
  for (const auto& [id, why] : inv.failed) todo.push_back(id);
  std::sort(todo.begin(), todo.end());
  if (todo.empty()) {
    fmt::print("every point of {} is done: chaossim sweep {} --merge\n", c.folder.dir().string(), c.folder.dir().string());
    return exit_ok;
  }
  std::vector<std::string> commands;
  for (const auto& chunk : chunks_of(todo, c.options.cluster.chunk))
    commands.push_back(worker_command(c, point_ranges(chunk, all), jobs_word(c.options.cluster)));
  std::error_code ec;
  const std::string dir = fs::absolute(c.folder.dir(), ec).lexically_normal().string();
  try {
    emit_work(c.options.cluster, commands, c.folder.dir(), "chaossim-" + safe_folder_name(c.sweep.name), "sweep.sbatch", todo.size(),
              fmt::format("{} sweep {} --merge", shell_quoted(own_binary()), shell_quoted(dir)));
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }
  return exit_ok;
}

// Runs `points` not yet done; prints failures. The exit code, or nullopt to go on.
std::optional<int> run_missing(const Context& c, const std::vector<PlannedPoint>& points, std::size_t total, const Interruption& interruption,
                               ProgressLine& progress, bool check_metrics) {
  std::vector<PlannedPoint> todo;
  for (const auto& p : points)
    if (c.folder.state(p.id) != PointState::done) todo.push_back(p);
  if (todo.empty()) return std::nullopt;
  PointRunOptions o;
  o.jobs = c.jobs;
  const RunBudget budget = run_budget(std::nullopt, c.options.memory_mib);
  o.memory_bytes = budget.memory_bytes / c.jobs;
  o.stop_requested = [&] { return interruption.requested(); };
  o.progress = &progress;
  o.points_total = total;
  o.points_done_before = total - todo.size();
  if (check_metrics)
    o.check_first = [&](const ordered_json& results) {
      for (const auto& m : c.sweep.metrics)
        if (const auto lookup = reports::sweep_metric(results, m); !lookup.problem.empty())
          return fmt::format("metric \"{}\": {}", m, lookup.problem);
      return std::string();
    };
  PointsOutcome outcome;
  try {
    outcome = run_points(c.sweep, c.folder, todo, o);
  } catch (const sim::RunInterrupted&) {
    progress.clear();
    fmt::print(stderr, "interrupted: the points done are kept in {}; run the same command again to go on\n", c.folder.dir().string());
    return interruption.exit_code();
  } catch (const std::exception& e) {
    progress.clear();
    fmt::print(stderr, "{}: error: {}\n", c.sweep.file, e.what());
    return exit_bad_input;
  }
  progress.clear();
  if (!outcome.stopped_because.empty()) {
    fmt::print(stderr, "{}: error: {}; fix the metric and run again (no point is simulated twice)\n", c.sweep.file, outcome.stopped_because);
    return exit_bad_input;
  }
  return std::nullopt;
}

int merge(const SweepFolder& folder, const ordered_json& plan, const scenarios::SweepFile* sweep, bool quiet) {
  const Inventory inv = take_inventory(folder, planned_points(plan));
  if (!inv.complete()) {
    fmt::print(stderr, "{}: not every point is done, so nothing was merged: {}", folder.dir().string(), describe(inv));
    fmt::print(stderr, "run the rest with: chaossim sweep {} --out {}{}\n", sweep ? sweep->file : plan.value("sweep_file", "FILE"),
               folder.dir().string(), inv.missing.size() + inv.failed.size() < inv.all.size() ? " (it skips the points done)" : "");
    return exit_bad_input;
  }
  reports::SweepTable table;
  try {
    table = sweep ? sweep_table(folder, plan, sweep->metrics, sweep->pareto) : sweep_table(folder, plan);
    write_sweep_outputs(folder, table, sweep ? sweep->document : plan.at("sweep"));
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: error: {}\n", folder.dir().string(), e.what());
    return exit_bad_input;
  }
  if (!quiet) {
    fmt::print("{} points merged\n", table.rows.size());
    if (table.edge) fmt::print("edge: {}{}\n", table.edge->verdict,
                               table.edge->low ? fmt::format(": {} crosses {} between {} = {} and {}", table.edge->metric, table.edge->threshold,
                                                             table.edge->parameter, *table.edge->low, *table.edge->high) : "");
    if (!table.pareto_front.empty()) {
      const std::size_t shown = std::min<std::size_t>(table.pareto_front.size(), 20);
      fmt::print("Pareto front ({} vs {}): {}{}\n", table.pareto[0], table.pareto[1],
                 fmt::join(table.pareto_front.begin(), table.pareto_front.begin() + static_cast<long>(shown), ", "),
                 table.pareto_front.size() > shown ? fmt::format(" and {} more (sweep.json)", table.pareto_front.size() - shown) : "");
    }
  }
  fmt::print("results: {}\n", (folder.dir() / "sweep.csv").string());
  return exit_ok;
}

// What running points cost: wall time, this process's own CPU (planning,
// writing each point, summarizing its results) and its simulations'
// processes' CPU. Said after a run, so that the sweep's overhead is measured
// in every run rather than guessed.
class CostMeter {
 public:
  CostMeter() : started_(std::chrono::steady_clock::now()), own_(cpu_s(RUSAGE_SELF)), children_(cpu_s(RUSAGE_CHILDREN)) {}
  std::string describe(std::size_t points, int jobs) const {
    if (points == 0) return "";
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const double n = static_cast<double>(points);
    return fmt::format(" in {:.1f} s on {} job{} ({:.1f} ms a point: the sweep's own work {:.1f} ms of CPU, its simulations {:.1f} ms)",
                       wall, jobs, jobs == 1 ? "" : "s", 1e3 * wall / n, 1e3 * (cpu_s(RUSAGE_SELF) - own_) / n,
                       1e3 * (cpu_s(RUSAGE_CHILDREN) - children_) / n);
  }

 private:
  static double cpu_s(int who) {
    rusage u{};
    ::getrusage(who, &u);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
  }
  std::chrono::steady_clock::time_point started_;
  double own_, children_;
};

// A bisect: rounds of points until the bracket is narrow enough.
int search_edge(const Context& c, const Interruption& interruption, ProgressLine& progress) {
  EdgeSearch search(edge_spec(c.sweep));
  std::vector<PlannedPoint> planned;
  for (;;) {
    const auto round = search.next_round();
    if (round.empty()) break;
    const std::size_t first = planned.size();
    for (const auto& value : round) planned.push_back({scenarios::point_id(planned.size(), 0), {value}});
    c.folder.write_plan(plan_json(c.sweep, planned));
    const std::vector<PlannedPoint> now(planned.begin() + static_cast<long>(first), planned.end());
    if (const auto problems = point_errors(c.sweep, now); !problems.empty()) return print_errors(problems), exit_bad_input;
    if (const auto code = run_missing(c, now, planned.size(), interruption, progress, first == 0)) return *code;
    for (const auto& p : now) {
      if (c.folder.state(p.id) != PointState::done) {
        fmt::print(stderr, "{}: error: point {} failed, so the search cannot go on: {}\n", c.sweep.file, p.id, c.folder.failure(p.id));
        return exit_bad_input;
      }
      search.record(p.values.front(), reports::sweep_metric(c.folder.read_results(p.id), c.sweep.design.metric).estimate);
    }
  }
  return merge(c.folder, plan_json(c.sweep, planned), &c.sweep, c.options.quiet);
}

}  // namespace

int sweep_command(const SweepOptions& options) {
  const Interruption interruption;
  std::error_code ec;
  // sweep DIR --merge | --status: the folder alone.
  if (fs::is_directory(options.input, ec)) {
    if (!options.merge && !options.status) {
      fmt::print(stderr, "{}: error: a folder, expected a sweep file (a folder is read only with --merge or --status)\n", options.input);
      return exit_bad_input;
    }
    const SweepFolder folder(options.input);
    std::string problem;
    const auto plan = folder.read_plan(problem);
    if (!plan) return fmt::print(stderr, "error: {}\n", problem), exit_bad_input;
    if (options.status) {
      const Inventory inv = take_inventory(folder, planned_points(*plan));
      fmt::print("{}", describe(inv));
      return inv.complete() ? exit_ok : exit_bad_input;
    }
    return merge(folder, *plan, nullptr, options.quiet);
  }

  const auto loaded = scenarios::load_sweep_file(options.input);
  if (!loaded.sweep) return print_errors(loaded.errors), exit_bad_input;
  const auto& sweep = *loaded.sweep;
  if (const auto problems = metric_errors(sweep); !problems.empty()) return print_errors(problems), exit_bad_input;
  const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  const Context c{options, sweep, SweepFolder(options.out_dir.value_or(default_output_folder(sweep.name))), jobs};
  ProgressLine progress(!options.quiet);

  if (sweep.design.kind == scenarios::SweepDesign::Kind::bisect && options.cluster.emit) {
    fmt::print(stderr, "{}: error: a bisect design decides each round's points from the last round's results: run it on one "
                       "machine (chaossim sweep {} --out {} --jobs N)\n", sweep.file, sweep.file, c.folder.dir().string());
    return exit_bad_input;
  }
  if (sweep.design.kind == scenarios::SweepDesign::Kind::bisect && !options.merge && !options.status) {
    if (options.only) return fmt::print(stderr, "error: --only: a bisect design decides its points as it goes\n"), exit_bad_input;
    try {
      if (const auto conflict = c.folder.adopt(plan_json(sweep, {})); !conflict.empty())
        return fmt::print(stderr, "error: {}\n", conflict), exit_bad_input;
      return search_edge(c, interruption, progress);
    } catch (const std::exception& e) {  // the folder cannot be written or read back
      progress.clear();
      return fmt::print(stderr, "error: {}\n", e.what()), exit_bad_input;
    }
  }

  const auto points = sweep.design.kind == scenarios::SweepDesign::Kind::bisect ? std::vector<PlannedPoint>{} : plan_points(sweep);
  const ordered_json plan = plan_json(sweep, points);
  if (options.merge || options.status) {
    std::string problem;
    const auto on_disk = c.folder.read_plan(problem);
    if (!on_disk) return fmt::print(stderr, "error: {}\n", problem), exit_bad_input;
    if (const auto conflict = plan_conflict(*on_disk, plan); !conflict.empty())
      return fmt::print(stderr, "error: {} was swept from another version of {}: {}\n", c.folder.dir().string(), sweep.file, conflict),
             exit_bad_input;
    if (options.status) {
      const Inventory inv = take_inventory(c.folder, planned_points(*on_disk));
      fmt::print("{}", describe(inv));
      return inv.complete() ? exit_ok : exit_bad_input;
    }
    return merge(c.folder, *on_disk, &sweep, options.quiet);
  }

  // Which points: all, or a worker's share.
  std::vector<PlannedPoint> chosen = points;
  if (options.only) {
    std::string problem;
    const auto ids = select_points(*options.only, ids_of(points), problem);
    if (!ids) return fmt::print(stderr, "error: --only {}: {}\n", *options.only, problem), exit_bad_input;
    chosen.clear();
    std::size_t at = 0;
    for (const auto& p : points)
      if (at < ids->size() && p.id == (*ids)[at]) chosen.push_back(p), ++at;
  }
  // Every value is checked before anything runs.
  if (const auto problems = point_errors(sweep, chosen); !problems.empty()) return print_errors(problems), exit_bad_input;
  try {
    if (const auto conflict = c.folder.adopt(plan); !conflict.empty()) return fmt::print(stderr, "error: {}\n", conflict), exit_bad_input;
  } catch (const std::exception& e) {
    return fmt::print(stderr, "error: {}\n", e.what()), exit_bad_input;
  }
  if (options.cluster.emit) return emit(c, points);

  const auto before = take_inventory(c.folder, chosen);
  const CostMeter cost;
  if (const auto code = run_missing(c, chosen, chosen.size(), interruption, progress, true)) return *code;
  const auto after = take_inventory(c.folder, chosen);
  const std::size_t ran = after.done.size() - before.done.size();
  if (!options.quiet)
    fmt::print("{} point{} run, {} done before{}{}\n", ran, ran == 1 ? "" : "s", before.done.size(),
               after.failed.empty() ? "" : fmt::format(", {} failed", after.failed.size()), cost.describe(ran, c.jobs));
  if (!after.failed.empty()) {
    fmt::print(stderr, "{}", describe(after));
    return exit_bad_input;
  }
  if (options.only) return exit_ok;  // a worker: the merge comes once all are done
  return merge(c.folder, plan, &sweep, options.quiet);
}

}  // namespace chaossim::tools
