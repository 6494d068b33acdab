#pragma once
// The subcommands of `chaossim`. Each returns the process's exit code:
// 0 success (and every SLO met), 1 an SLO not met, 2 bad input or usage,
// 3 this machine cannot do what was required (grade --require-isolation).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chaossim::tools {

inline constexpr int exit_ok = 0;
inline constexpr int exit_slo_failed = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_unsupported_here = 3;

struct RunOptions {
  std::string scenario;
  std::optional<std::string> out_dir;
  std::optional<std::string> variant;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int jobs = 0;  // 0: one per core
  bool quiet = false;
  std::optional<std::string> junit;  // also write the SLO checks here, as JUnit XML
  std::optional<std::string> journal;  // also write a Chaos Toolkit journal of the first variant here
  bool png = false;                   // also the charts as PNG, in DIR/charts/
  bool csv_gzip = false;              // timeseries.csv.gz instead of timeseries.csv
  std::optional<double> max_requests;  // --max-requests
  std::optional<double> memory_mib;    // --memory-budget
  bool inconclusive_fails = false;     // exit 1 for an inconclusive SLO verdict too
  std::vector<std::string> target_ci;  // FIGURE=HALF_WIDTH (target_ci.hpp)
  int max_replications = 200;          // what --target-ci may go up to
};

struct ReportOptions {
  std::string dir;
  std::vector<std::string> formats{"md", "html"};
};

struct CompareOptions {
  std::vector<std::string> inputs;  // a scenario file, or results directories
  std::vector<std::string> variants;
  std::optional<std::string> baseline;
  std::optional<std::string> out_dir;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int jobs = 0;
  bool quiet = false;
  bool unpaired = false;  // compare what cannot be paired by seed, with Welch intervals
  std::optional<double> max_requests;  // --max-requests
  std::optional<double> memory_mib;    // --memory-budget
};

// How work is cut for a cluster (--emit slurm | joblist), and what Slurm is asked for.
struct ClusterOptions {
  std::optional<std::string> emit;  // slurm | joblist
  std::size_t chunk = 0;  // items per array task or command; 0: as few as Slurm's default array allows
  int throttle = 0;       // array tasks at once (%N)
  int cpus_per_task = 1;
  std::optional<std::string> partition, time, memory;  // passed to sbatch
  std::vector<std::string> sbatch_options;
};

struct GradeOptions {
  std::optional<std::string> suite;        // default: scenarios/grading/suite.json
  std::optional<std::string> submission;   // one submission's directory
  std::optional<std::string> submissions;  // a class: a directory of submission directories
  std::optional<std::string> command;      // --submission-cmd, for a protocol submission in any language
  std::optional<std::string> out_dir;
  std::optional<std::string> junit;
  int jobs = 0;
  bool quiet = false;
  bool require_isolation = false;            // refuse to grade where submissions' files cannot be isolated
  std::vector<std::string> sandbox_readable;  // --sandbox-read
  std::vector<std::string> only;  // --only NAME: these submissions of the class (a worker's share), no gradebook
  bool merge = false;             // the gradebook from the workers' grades on disk
  ClusterOptions cluster;
};

struct InitSubmissionOptions {
  std::string dir;
  std::string language;  // cpp or python
};

struct ImportOptionsCli {
  std::string experiment;              // a Chaos Toolkit experiment (JSON)
  std::string base;                    // the scenario it is played on
  std::optional<std::string> out;      // default: <experiment's stem>.chaossim.json
  std::optional<std::string> start;    // a duration: when the method starts
  std::string fault_length = "30s";    // what a fault nothing undoes lasts
  std::optional<double> availability;  // the objective an http probe asks for
};

struct SweepOptions {
  std::string input;  // a sweep file; or, with --merge or --status, a sweep's folder
  std::optional<std::string> out_dir;
  int jobs = 0;
  bool quiet = false;
  std::optional<std::string> only;  // a worker's points: p0000-p0009,p0042
  bool merge = false, status = false;
  ClusterOptions cluster;
  std::optional<double> memory_mib;  // --memory-budget
};

int run_command(const RunOptions& options);
int sweep_command(const SweepOptions& options);
int import_chaostoolkit_command(const ImportOptionsCli& options);
int grade_command(const GradeOptions& options);
int init_submission_command(const InitSubmissionOptions& options);
int compare_command(const CompareOptions& options);
int report_command(const ReportOptions& options);
int validate_command(const std::vector<std::string>& files);

}  // namespace chaossim::tools
