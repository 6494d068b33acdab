#pragma once
// ResilienceScenarioTester: plays the replications of one or more scenarios
// (variants), each in a child process of its own (SimGrid allows one engine
// per process), up to `jobs` at a time. Results come back in a fixed order,
// so they do not depend on `jobs` or on which child finished first.
#include <functional>
#include <memory>
#include <string>
#include <stdexcept>
#include <vector>

#include "patterns/factory.hpp"
#include "scenarios/scenario.hpp"
#include "sim/process_pool.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::sim {

struct TesterProgress {
  std::size_t runs_done = 0;
  std::size_t runs_total = 0;
  double simulated_s = 0;  // the most advanced running run
  double duration_s = 0;
};

class RunFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// A run was still going at its wall-clock limit, or used up its CPU time.
class RunTimedOut : public RunFailed {
 public:
  using RunFailed::RunFailed;
};

// A run grew past its memory (limit_memory): every child has been ended.
class RunOutOfMemory : public RunFailed {
 public:
  using RunFailed::RunFailed;
};

// The user interrupted the runs (stop_when): every child has been ended.
class RunInterrupted : public RunFailed {
 public:
  using RunFailed::RunFailed;
};

// The pattern implementations a run plays when they are not the reference's.
// One is made in each run's child process (a grader's lives there, talking to
// a sandboxed submission); after the run, finish() says what the parent
// should know, and that note travels back with the results.
class PatternSource {
 public:
  virtual ~PatternSource() = default;
  virtual patterns::PatternFactory& factory() = 0;
  virtual std::string finish() = 0;
};
using PatternSourceMaker = std::function<std::unique_ptr<PatternSource>(const scenarios::Scenario&, int replication)>;

class ResilienceScenarioTester {
 public:
  explicit ResilienceScenarioTester(int jobs) : jobs_(jobs < 1 ? 1 : jobs) {}

  void on_progress(std::function<void(const TesterProgress&)> listener) { listener_ = std::move(listener); }
  // Plays the patterns `maker` makes instead of the reference's.
  void use_patterns(PatternSourceMaker maker) { maker_ = std::move(maker); }
  // Stops a run still going after `seconds` of wall-clock time, or of its
  // own CPU time: run() throws RunTimedOut.
  void limit_wall_time(double seconds) { limits_.wall_s = seconds; }
  void limit_cpu_time(double seconds) { limits_.cpu_s = seconds; }
  // Stops a run whose process holds more than `bytes`: run() throws RunOutOfMemory.
  void limit_memory(double bytes) { limits_.memory_bytes = bytes; }
  // Asked often while runs go on: true stops them all, and run() throws RunInterrupted.
  void stop_when(std::function<bool()> requested) { stop_requested_ = std::move(requested); }
  // Where the runs' spool files go (a private folder made in `folder`, gone
  // with the last result): beside the outputs, say, rather than in a $TMPDIR
  // that may be memory. Empty: $TMPDIR.
  void spool_in(std::string folder) { spool_parent_ = std::move(folder); }

  // results[s][r]: replication first_replication + r of scenarios[s], seeded
  // from `seed` and its number alone, so that more replications added later
  // (--target-ci) are the ones a longer run would have had. Each holds its
  // spool file: its buckets stay readable while it lives.
  std::vector<std::vector<ReplicationResult>> run(const std::vector<const scenarios::Scenario*>& scenarios,
                                                  int replications, std::uint64_t seed, int first_replication = 0);
  // Each scenario's replications handed over as soon as the last of them
  // ends, so that a sweep of thousands of scenarios keeps every core busy.
  // Scenarios come from `source` when their first replication is about to
  // start, and must stay valid until handed over: only those under way are
  // held, however many there are. A scenario whose run failed is handed
  // over with what went wrong (and no results) while the others go on; an
  // interruption or the memory limit still stops them all, thrown as by run().
  using ScenarioSource = std::function<const scenarios::Scenario&(std::size_t scenario)>;
  using ScenarioDone = std::function<void(std::size_t scenario, std::vector<ReplicationResult> results, const std::string& error)>;
  void run_each(std::size_t count, const ScenarioSource& source, int replications, std::uint64_t seed, const ScenarioDone& done);
  // The PatternSource notes of the last run(), as notes[s][r]; empty without use_patterns.
  const std::vector<std::vector<std::string>>& notes() const { return notes_; }

 private:
  int jobs_;
  std::function<void(const TesterProgress&)> listener_;
  PatternSourceMaker maker_;
  TaskLimits limits_;  // 0: none
  std::function<bool()> stop_requested_;
  std::string spool_parent_;
  std::vector<std::vector<std::string>> notes_;

  // Both run() and run_each(): `keep_going` hands a failed scenario to `done`
  // rather than stopping every run.
  void play_all(std::size_t count, const ScenarioSource& source, int replications, std::uint64_t seed, int first,
                bool keep_going, const ScenarioDone& done);
};

}  // namespace chaossim::sim
