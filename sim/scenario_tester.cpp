#include "sim/scenario_tester.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <cstring>
#include <map>

#include <fmt/format.h>

#include "sim/bucket_spool.hpp"
#include "sim/process_pool.hpp"
#include "sim/simulation.hpp"

namespace chaossim::sim {
namespace {

// What a run's child sends: progress (simulated seconds), the PatternSource's
// note, the encoded result, or the error that stopped it.
enum Tag : char { progress_tag = 'P', result_tag = 'R', note_tag = 'N', error_tag = 'E' };

struct Task {
  const scenarios::Scenario* scenario;
  std::size_t scenario_index;
  int replication;
};

// What the parent knows of a run while it plays.
struct RunState {
  std::shared_ptr<const SpoolFile> spool;
  bool has_result = false;
  std::string error;
  double simulated_s = 0;
};

// A scenario under way: its results so far, its replications ended, its first error.
struct ScenarioState {
  const scenarios::Scenario* scenario = nullptr;
  std::vector<ReplicationResult> results;
  int ended = 0;
  std::string error;
};

// One run, in its child.
void play(const Task& task, std::uint64_t seed, const std::string& spool_path, bool report_progress, const PatternSourceMaker& maker,
          const FrameSender& send) {
  try {
    ProgressFn progress;
    if (report_progress) progress = [&send](double t) { send(progress_tag, std::string(reinterpret_cast<const char*>(&t), sizeof t)); };
    const auto source = maker ? maker(*task.scenario, task.replication) : nullptr;
    const auto result = simulate(*task.scenario, task.replication, replication_seed(seed, task.replication), spool_path,
                                 progress, source ? &source->factory() : nullptr);
    if (source) send(note_tag, source->finish());
    send(result_tag, encode(result));
  } catch (const std::exception& e) {
    send(error_tag, e.what());
  }
}

}  // namespace

std::vector<std::vector<ReplicationResult>> ResilienceScenarioTester::run(
    const std::vector<const scenarios::Scenario*>& scenarios, int replications, std::uint64_t seed, int first_replication) {
  std::vector<std::vector<ReplicationResult>> results(scenarios.size());
  notes_.assign(scenarios.size(), std::vector<std::string>(maker_ ? replications : 0));
  play_all(
      scenarios.size(), [&](std::size_t s) -> const scenarios::Scenario& { return *scenarios[s]; }, replications, seed,
      first_replication, false,
      [&](std::size_t s, std::vector<ReplicationResult> runs, const std::string&) { results[s] = std::move(runs); });
  return results;
}

void ResilienceScenarioTester::run_each(std::size_t count, const ScenarioSource& source, int replications, std::uint64_t seed,
                                        const ScenarioDone& done) {
  notes_.clear();
  play_all(count, source, replications, seed, 0, true, done);
}

void ResilienceScenarioTester::play_all(std::size_t count, const ScenarioSource& source, int replications, std::uint64_t seed,
                                        int first, bool keep_going, const ScenarioDone& done) {
  if (replications < 1 || count == 0) return;
  const auto per = static_cast<std::size_t>(replications);
  // Task i is replication first + i % per of scenario i / per. Only what is
  // under way is held: a sweep of a million points costs no more than one of ten.
  const auto task_of = [&](std::size_t i) { return Task{nullptr, i / per, first + static_cast<int>(i % per)}; };
  // Where a replication's results go among its scenario's.
  const auto slot = [&](const Task& t) { return static_cast<std::size_t>(t.replication - first); };
  std::map<std::size_t, ScenarioState> scenarios;  // under way, by index
  std::map<std::size_t, RunState> runs;            // running, by task
  TesterProgress progress{0, count * per, 0, 0};
  const auto describe = [&](std::size_t i) {
    const Task t = task_of(i);
    return fmt::format("replication {} of variant \"{}\"", t.replication, scenarios.at(t.scenario_index).scenario->variant);
  };

  const auto spool_folder = SpoolFolder::make(spool_parent_);
  // Once its last replication has ended: only the results hold their spools
  // now, so a sweep's files go as its points are written.
  const auto hand_over = [&](std::size_t s) {
    ScenarioState state = std::move(scenarios.at(s));
    scenarios.erase(s);
    if (!state.error.empty()) state.results.clear();
    done(s, std::move(state.results), state.error);
  };

  ProcessPoolTasks pool_tasks;
  pool_tasks.count = count * per;
  pool_tasks.before_start = [&](std::size_t i) {
    const Task t = task_of(i);
    auto& state = scenarios[t.scenario_index];
    if (state.scenario == nullptr) {
      state.scenario = &source(t.scenario_index);
      state.results.resize(per);
      if (progress.duration_s == 0) progress.duration_s = state.scenario->duration_s;
    }
    // Made before its child runs, so that the file goes whatever becomes of it.
    runs[i].spool = std::make_shared<const SpoolFile>(spool_folder, fmt::format("{}-{}.buckets", t.scenario_index, t.replication));
  };
  pool_tasks.work = [&](std::size_t i, const FrameSender& send) {
    Task t = task_of(i);
    t.scenario = scenarios.at(t.scenario_index).scenario;
    play(t, seed, runs.at(i).spool->path(), static_cast<bool>(listener_), maker_, send);
  };
  pool_tasks.on_frame = [&](std::size_t i, char tag, std::string payload) {
    const Task t = task_of(i);
    RunState& run = runs.at(i);
    if (tag == progress_tag) {
      std::memcpy(&run.simulated_s, payload.data(), sizeof(double));
      if (!listener_) return;
      // The most advanced run stands for them all.
      progress.simulated_s = 0;
      for (const auto& [task, r] : runs) progress.simulated_s = std::max(progress.simulated_s, r.simulated_s);
      listener_(progress);
    } else if (tag == note_tag) {
      if (t.scenario_index < notes_.size()) notes_[t.scenario_index][slot(t)] = std::move(payload);
    } else if (tag == result_tag) {
      scenarios.at(t.scenario_index).results[slot(t)] = decode(payload, run.spool);
      run.has_result = true;
    } else {
      run.error = std::move(payload);
    }
  };
  pool_tasks.on_exit = [&](std::size_t i, int status) {
    const std::size_t s = task_of(i).scenario_index;
    const RunState run = std::move(runs.at(i));
    runs.erase(i);
    const bool ok = run.has_result && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
      std::string what;
      if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
        what = fmt::format("{} used more than {:g} s of CPU time", describe(i), limits_.cpu_s);
        if (!keep_going) throw RunTimedOut(what);
      } else {
        const std::string why = !run.error.empty() ? run.error : "the simulation process " + describe_exit(status);
        what = fmt::format("{} failed: {}", describe(i), why);
        if (!keep_going) throw RunFailed(what);
      }
      if (scenarios.at(s).error.empty()) scenarios.at(s).error = what;
    }
    ++progress.runs_done;
    if (++scenarios.at(s).ended == replications) hand_over(s);
    if (listener_) listener_(progress);
  };
  pool_tasks.on_timeout = [&](std::size_t i) {
    throw RunTimedOut(fmt::format("{} did not finish within {:g} s", describe(i), limits_.wall_s));
  };
  pool_tasks.stop_requested = stop_requested_;
  try {
    ProcessPool(jobs_, limits_).run(pool_tasks);
  } catch (const ProcessPoolInterrupted& e) {
    throw RunInterrupted(e.what());
  } catch (const ProcessPoolOutOfMemory& e) {
    throw RunOutOfMemory(fmt::format("{} held {:.0f} MiB of memory, more than its {:.0f} MiB share of the memory budget",
                                     describe(e.task), e.resident_bytes / (1 << 20), e.limit_bytes / (1 << 20)));
  } catch (const ProcessPoolError& e) {
    throw RunFailed(e.what());
  }
}

}  // namespace chaossim::sim
