#include "tools/sweep/point_runner.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <filesystem>

#include "reports/results_json.hpp"
#include "reports/summary.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/sweep/sweep_points.hpp"
#include "sim/scenario_tester.hpp"

namespace chaossim::tools {
namespace {

namespace fs = std::filesystem;

std::string host_name() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

// The runs' spool files, beside the points (on their disk, not in a $TMPDIR
// that may be memory), in a folder per worker process: DIR/spool/<host>-<pid>.
// A worker killed outright (SIGKILL, a node lost) leaves its folder behind;
// the next worker on the same host removes those whose process is gone.
class WorkerSpool {
 public:
  explicit WorkerSpool(const SweepFolder& folder) {
    const fs::path parent = folder.dir() / "spool";
    const std::string host = host_name();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(host + "-", 0) != 0) continue;
      const long pid = std::strtol(name.c_str() + host.size() + 1, nullptr, 10);
      if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
    path_ = parent / (host + "-" + std::to_string(::getpid()));
    fs::create_directories(path_, ec);
  }
  ~WorkerSpool() {
    std::error_code ec;
    fs::remove_all(path_, ec);
    fs::remove(path_.parent_path(), ec);  // only when no other worker's is there
  }
  WorkerSpool(const WorkerSpool&) = delete;
  WorkerSpool& operator=(const WorkerSpool&) = delete;
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

}  // namespace

PointsOutcome run_points(const scenarios::SweepFile& sweep, const SweepFolder& folder, const std::vector<PlannedPoint>& points,
                         const PointRunOptions& options) {
  PointsOutcome outcome;
  if (points.empty()) return outcome;
  // Each point is written to its folder when it is about to start and read
  // back from there, as `chaossim run` will read it (what runs is what a
  // replay runs), and let go once written: memory holds the points under way.
  std::map<std::size_t, scenarios::Scenario> live;
  const auto scenario_of = [&](std::size_t s) -> const scenarios::Scenario& {
    const auto& p = points[s];
    folder.write_scenario(p.id, scenarios::place_point(sweep, scenarios::point_document(sweep, p.values)));
    auto loaded = scenarios::load_scenario_file((folder.point_folder(p.id) / "scenario.json").string());
    if (!loaded.scenarios) {
      // Its values were checked before anything ran: the folder has changed under us.
      std::string why;
      for (const auto& e : loaded.errors) why += "\n" + e.format();
      throw std::runtime_error("point " + p.id + " cannot be read back from its folder:" + why);
    }
    return live.emplace(s, std::move(loaded.scenarios->base)).first->second;
  };

  sim::ResilienceScenarioTester tester(options.jobs);
  if (options.memory_bytes > 0) tester.limit_memory(options.memory_bytes);
  const WorkerSpool spool(folder);
  tester.spool_in(spool.path());
  bool stop_for_metrics = false;
  tester.stop_when([&] { return stop_for_metrics || (options.stop_requested && options.stop_requested()); });
  sim::TesterProgress runs;
  if (options.progress != nullptr)
    tester.on_progress([&](const sim::TesterProgress& p) {
      runs = p;
      options.progress->update(options.points_done_before + outcome.done.size(), options.points_total, runs);
    });
  const auto done = [&](std::size_t s, std::vector<sim::ReplicationResult> results, const std::string& error) {
    const std::string& id = points[s].id;
    const scenarios::Scenario scenario = std::move(live.at(s));
    live.erase(s);
    if (!error.empty()) {
      folder.write_failure(id, error);
      outcome.failed.emplace_back(id, error);
      return;
    }
    const auto summary = reports::summarize(scenario, results);
    results.clear();  // their spools go now
    const auto json = reports::results_json({summary}, false);
    folder.write_results(id, json.dump(2) + "\n");
    outcome.done.push_back(id);
    if (outcome.done.size() == 1 && options.check_first) {
      outcome.stopped_because = options.check_first(json);
      stop_for_metrics = !outcome.stopped_because.empty();
    }
  };
  try {
    tester.run_each(points.size(), scenario_of, sweep.replications, sweep.seed, done);
  } catch (const sim::RunInterrupted&) {
    if (!stop_for_metrics) throw;
  }
  return outcome;
}

}  // namespace chaossim::tools
