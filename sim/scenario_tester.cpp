#include "sim/scenario_tester.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <cstring>

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

// What the parent knows of a run while it plays.
struct RunState {
  bool has_result = false;
  std::string error;
  double simulated_s = 0;
};

}  // namespace

std::vector<std::vector<ReplicationResult>> ResilienceScenarioTester::run(
    const std::vector<const scenarios::Scenario*>& scenarios, int replications, std::uint64_t seed) {
  std::vector<std::vector<ReplicationResult>> results(scenarios.size());
  play_all(scenarios, replications, seed, false,
           [&](std::size_t s, std::vector<ReplicationResult> runs, const std::string&) { results[s] = std::move(runs); });
  return results;
}

void ResilienceScenarioTester::run_each(const std::vector<const scenarios::Scenario*>& scenarios, int replications,
                                        std::uint64_t seed, const ScenarioDone& done) {
  play_all(scenarios, replications, seed, true, done);
}

void ResilienceScenarioTester::play_all(const std::vector<const scenarios::Scenario*>& scenarios, int replications,
                                        std::uint64_t seed, bool keep_going, const ScenarioDone& done) {
  std::vector<Task> tasks;
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    for (int r = 0; r < replications; ++r) tasks.push_back({scenarios[s], s, r});
  // Per scenario until handed over: its results, its replications ended, its first error.
  std::vector<std::vector<ReplicationResult>> results(scenarios.size());
  std::vector<int> ended(scenarios.size(), 0);
  std::vector<std::string> errors(scenarios.size());
  notes_.assign(scenarios.size(), std::vector<std::string>(maker_ ? replications : 0));
  std::vector<RunState> states(tasks.size());
  TesterProgress progress{0, tasks.size(), 0, scenarios.empty() ? 0 : scenarios.front()->duration_s};
  const auto describe = [&](std::size_t i) {
    return fmt::format("replication {} of variant \"{}\"", tasks[i].replication, tasks[i].scenario->variant);
  };

  const auto spool_folder = SpoolFolder::make(spool_parent_);
  // Made before its child runs, so that the file goes whatever becomes of it.
  std::vector<std::shared_ptr<const SpoolFile>> spools;
  for (const Task& t : tasks)
    spools.push_back(std::make_shared<const SpoolFile>(spool_folder, fmt::format("{}-{}.buckets", t.scenario_index, t.replication)));

  // Once its last replication has ended: only the results hold the spools
  // now, so a sweep's files go as its points are written.
  const auto hand_over = [&](std::size_t s) {
    for (int r = 0; r < replications; ++r) spools[s * static_cast<std::size_t>(replications) + static_cast<std::size_t>(r)].reset();
    std::vector<ReplicationResult> runs = std::move(results[s]);
    if (!errors[s].empty()) runs.clear();
    done(s, std::move(runs), errors[s]);
  };

  ProcessPoolTasks pool_tasks;
  pool_tasks.count = tasks.size();
  pool_tasks.work = [&](std::size_t i, const FrameSender& send) {
    play(tasks[i], seed, spools[i]->path(), static_cast<bool>(listener_), maker_, send);
  };
  pool_tasks.on_frame = [&](std::size_t i, char tag, std::string payload) {
    const Task& task = tasks[i];
    if (tag == progress_tag) {
      std::memcpy(&states[i].simulated_s, payload.data(), sizeof(double));
      if (!listener_) return;
      // The most advanced run stands for them all.
      progress.simulated_s = 0;
      for (const auto& s : states) progress.simulated_s = std::max(progress.simulated_s, s.simulated_s);
      listener_(progress);
    } else if (tag == note_tag) {
      notes_[task.scenario_index][task.replication] = std::move(payload);
    } else if (tag == result_tag) {
      auto& runs = results[task.scenario_index];
      if (runs.empty()) runs.resize(static_cast<std::size_t>(replications));
      runs[static_cast<std::size_t>(task.replication)] = decode(payload, spools[i]);
      states[i].has_result = true;
    } else {
      states[i].error = std::move(payload);
    }
  };
  pool_tasks.on_exit = [&](std::size_t i, int status) {
    const std::size_t s = tasks[i].scenario_index;
    const bool ok = states[i].has_result && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
      std::string what;
      if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
        what = fmt::format("{} used more than {:g} s of CPU time", describe(i), limits_.cpu_s);
        if (!keep_going) throw RunTimedOut(what);
      } else {
        const std::string why = !states[i].error.empty() ? states[i].error : "the simulation process " + describe_exit(status);
        what = fmt::format("{} failed: {}", describe(i), why);
        if (!keep_going) throw RunFailed(what);
      }
      if (errors[s].empty()) errors[s] = what;
    }
    states[i].simulated_s = 0;  // done: no longer the most advanced
    ++progress.runs_done;
    if (++ended[s] == replications) hand_over(s);
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
