#include <cstdio>

#include <CLI/CLI.hpp>

#include "tools/commands.hpp"

#ifndef CHAOSSIM_VERSION
#define CHAOSSIM_VERSION "unknown"
#endif

namespace {

using namespace chaossim::tools;

// One function per subcommand: declares its options, bound to the struct the
// command reads, and returns it so that main() can tell which was given.
// What runs may cost before they are refused (tools/run_budget.hpp).
void add_budget_options(CLI::App& command, std::optional<double>& max_requests, std::optional<double>& memory_mib) {
  command.add_option("--max-requests", max_requests, "Refuse runs that would send more client requests, in all (default 1e9)")
      ->check(CLI::PositiveNumber);
  command.add_option("--memory-budget", memory_mib,
                     "MiB the runs may hold (default: half the machine's memory); refused beyond it, stopped if they grow past it")
      ->check(CLI::PositiveNumber);
}

// --emit and what a cluster is asked for; returns --emit.
CLI::Option* add_cluster_options(CLI::App& command, ClusterOptions& c, const std::string& what, const std::string& script,
                                 const std::string& list) {
  auto* emit = command.add_option("--emit", c.emit, "Write " + what + " as a Slurm job array (" + script + ") or a GNU parallel job list (" +
                                                        list + "), and run nothing")
                   ->check(CLI::IsMember({"slurm", "joblist"}));
  command.add_option("--chunk", c.chunk, "With --emit: items per array task or command (default: as few tasks as Slurm's default array size allows)")
      ->check(CLI::Range(1, 1000000));
  command.add_option("--throttle", c.throttle, "Slurm: array tasks running at once (%N)")->check(CLI::Range(1, 1000000));
  command.add_option("--cpus-per-task", c.cpus_per_task, "Slurm: CPUs per array task, each used by a job of it")->check(CLI::Range(1, 4096));
  command.add_option("--partition", c.partition, "Slurm: the partition");
  command.add_option("--time", c.time, "Slurm: the time limit per array task (as sbatch takes it: 30, 1:00:00)");
  command.add_option("--mem", c.memory, "Slurm: the memory per array task (as sbatch takes it: 4G)");
  command.add_option("--sbatch-option", c.sbatch_options, "Slurm: a further #SBATCH option, as given (--account=physics); repeatable");
  return emit;
}

CLI::App* add_run(CLI::App& app, RunOptions& run) {
  auto* run_cmd = app.add_subcommand("run", "Simulate a scenario file; write results.json, timeseries.csv, summary.md and report.html to DIR");
  run_cmd->add_option("scenario", run.scenario, "Scenario file (JSON, chaossim/scenario/v1)")->required();
  run_cmd->add_option("--out", run.out_dir, "Output directory (default: out/<scenario name>/)");
  run_cmd->add_option("--variant", run.variant, "Run only this variant (\"base\" for the scenario as written)");
  run_cmd->add_option("--replications", run.replications, "Replications per variant (overrides the file)")
      ->check(CLI::Range(1, 100000));
  run_cmd->add_option("--seed", run.seed, "Seed (overrides the file); replications derive theirs from it");
  run_cmd->add_option("--jobs,-j", run.jobs, "Simulations in parallel (default: one per core)")->check(CLI::Range(1, 4096));
  run_cmd->add_flag("--quiet,-q", run.quiet, "No progress line on stderr");
  run_cmd->add_option("--junit", run.junit, "Also write the SLO checks as JUnit XML to FILE, one test case per check")
      ->type_name("FILE");
  run_cmd->add_option("--journal", run.journal,
                      "Also write a Chaos Toolkit journal of the run (the base, or --variant) to FILE: status, deviated, "
                      "the steady state before and after")
      ->type_name("FILE");
  run_cmd->add_flag("--png", run.png, "Also draw the report's charts as PNG files in DIR/charts/, for slides");
  run_cmd->add_flag("--csv-gzip", run.csv_gzip,
                    "Write the time series compressed, as timeseries.csv.gz (about a tenth of the size; pandas and R read it as is)");
  add_budget_options(*run_cmd, run.max_requests, run.memory_mib);
  run_cmd->add_option("--target-ci", run.target_ci,
                      "Add replications until the 95% interval of FIGURE is at most HALF_WIDTH either side, in every "
                      "variant: availability=0.0005, p99=2ms, p95=1% (of the estimate), recovery=1s; FIGUREs of the "
                      "SLO's client (else the first); repeatable")
      ->type_name("FIGURE=HALF_WIDTH");
  run_cmd->add_option("--max-replications", run.max_replications, "The most replications --target-ci runs (default 200)")
      ->check(CLI::Range(2, 100000));
  run_cmd->add_flag("--inconclusive-fails", run.inconclusive_fails,
                    "Exit 1 when an SLO verdict is inconclusive (its 95% interval straddles the objective), not only when "
                    "one is not met");
  return run_cmd;
}

CLI::App* add_validate(CLI::App& app, std::vector<std::string>& files) {
  auto* validate_cmd = app.add_subcommand("validate", "Check scenario and sweep files; print every problem with file:line:column");
  validate_cmd->add_option("files", files, "Scenario or sweep files")->required();
  return validate_cmd;
}

CLI::App* add_report(CLI::App& app, ReportOptions& report) {
  auto* report_cmd = app.add_subcommand("report", "Re-render the outputs of a results directory without simulating");
  report_cmd->add_option("dir", report.dir, "A results directory (with results.json)")->required();
  report_cmd
      ->add_option("--format", report.formats,
                   "Outputs to make, comma-separated: md (summary.md), html (report.html), png (charts/*.png); default md,html")
      ->delimiter(',')
      ->check(CLI::IsMember({"md", "html", "png"}));
  return report_cmd;
}

CLI::App* add_compare(CLI::App& app, CompareOptions& compare) {
  auto* compare_cmd = app.add_subcommand(
      "compare", "Compare variants of a scenario (run on common random numbers), or results directories, with paired CIs");
  compare_cmd->add_option("inputs", compare.inputs, "A scenario file, or two results directories or more")->required();
  compare_cmd->add_option("--variants", compare.variants, "Variants to compare, comma-separated (default: all)")->delimiter(',');
  compare_cmd->add_option("--baseline", compare.baseline, "The variant the others are compared to (default: the first)");
  compare_cmd->add_option("--out", compare.out_dir, "Output directory for compare.json (default: out/<scenario>-compare/)");
  compare_cmd->add_option("--replications", compare.replications, "Replications per variant (overrides the file)")
      ->check(CLI::Range(1, 100000));
  compare_cmd->add_option("--seed", compare.seed, "Seed (overrides the file)");
  compare_cmd->add_option("--jobs,-j", compare.jobs, "Simulations in parallel (default: one per core)")->check(CLI::Range(1, 4096));
  compare_cmd->add_flag("--quiet,-q", compare.quiet, "No progress line on stderr");
  add_budget_options(*compare_cmd, compare.max_requests, compare.memory_mib);
  compare_cmd->add_flag("--unpaired", compare.unpaired,
                        "Compare results that cannot be paired replication by replication (other scenarios, seeds, "
                        "durations): Welch intervals only");
  return compare_cmd;
}

CLI::App* add_grade(CLI::App& app, GradeOptions& grade) {
  auto* grade_cmd = app.add_subcommand(
      "grade", "Grade students' implementations of the patterns, each test in a sandboxed process; write results.json "
               "(Gradescope), feedback.html and, for a class, gradebook.csv");
  auto* one = grade_cmd->add_option("--submission", grade.submission, "A submission's directory (C++ sources, a .so, or Python)")
                  ->type_name("DIR");
  auto* many = grade_cmd->add_option("--submissions", grade.submissions, "A directory with one directory per submission: grade them all")
                   ->type_name("DIR");
  one->excludes(many);
  grade_cmd->add_option("--submission-cmd", grade.command,
                        "Run the submission with this command (the decision protocol, any language), in a copy of its directory")
      ->type_name("CMD");
  grade_cmd->add_option("--suite", grade.suite, "The grading suite (default: scenarios/grading/suite.json)")->type_name("FILE");
  grade_cmd->add_option("--out", grade.out_dir, "Output directory (default: out/grade/<submission>/, or out/grade/ for a class)");
  grade_cmd->add_option("--junit", grade.junit, "Also write the verdicts as JUnit XML to FILE")->type_name("FILE");
  grade_cmd->add_option("--jobs,-j", grade.jobs, "Submissions graded in parallel (default: one per core)")->check(CLI::Range(1, 4096));
  grade_cmd->add_flag("--quiet,-q", grade.quiet, "Print only the summary");
  grade_cmd->add_flag("--require-isolation", grade.require_isolation,
                      "Refuse to grade (exit code 3) where the sandbox cannot keep a submission out of other files "
                      "(no Landlock and no mount namespace)");
  grade_cmd->add_option("--sandbox-read", grade.sandbox_readable,
                        "A file or directory submissions may read, beyond their runtime's usual places (for "
                        "--submission-cmd); repeatable")
      ->type_name("PATH")
      ->check(CLI::ExistingPath);
  auto* only = grade_cmd->add_option("--only", grade.only,
                                     "With --submissions: grade only this one (a worker's share; repeatable), writing its outputs and no gradebook")
                   ->type_name("NAME");
  auto* merge = grade_cmd->add_flag("--merge", grade.merge,
                                    "With --submissions: build gradebook.csv from the grades the workers wrote in --out (exit 2 naming any missing)");
  auto* emit = add_cluster_options(*grade_cmd, grade.cluster, "the class's submissions", "OUT/grade.sbatch", "OUT/joblist.txt");
  emit->excludes(merge)->excludes(only);
  merge->excludes(only);
  return grade_cmd;
}

CLI::App* add_init_submission(CLI::App& app, InitSubmissionOptions& init) {
  auto* init_cmd = app.add_subcommand("init-submission", "Write a starter submission (the kit) to DIR");
  init_cmd->add_option("dir", init.dir, "Where to write it (must not exist, or be empty)")->required();
  init_cmd->add_option("--lang", init.language, "cpp or python")->required()->check(CLI::IsMember({"cpp", "python"}));
  return init_cmd;
}

CLI::App* add_sweep(CLI::App& app, SweepOptions& sweep) {
  auto* cmd = app.add_subcommand(
      "sweep", "Run every point of a sweep file (resumable), or emit them for Slurm or GNU parallel; write sweep.csv, "
               "sweep.json and sweep.html to DIR");
  cmd->add_option("input", sweep.input, "A sweep file (chaossim/sweep/v1); with --merge or --status, a sweep's folder")->required();
  cmd->add_option("--out", sweep.out_dir, "The sweep's folder (default: out/<sweep name>/); points already done there are kept");
  cmd->add_option("--jobs,-j", sweep.jobs, "Simulations in parallel (default: one per core)")->check(CLI::Range(1, 4096));
  cmd->add_flag("--quiet,-q", sweep.quiet, "No progress line on stderr");
  cmd->add_option("--only", sweep.only, "Run only these points (a worker's share): p0003, p0000-p0099, comma-separated");
  auto* emit = add_cluster_options(*cmd, sweep.cluster, "the points not done", "DIR/sweep.sbatch", "DIR/joblist.txt");
  auto* merge = cmd->add_flag("--merge", sweep.merge, "Build sweep.csv, sweep.json and sweep.html from the points on disk (exit 2 if any is missing or failed)");
  auto* status = cmd->add_flag("--status", sweep.status, "Say which points are done, failed (with their error) or missing; run nothing");
  emit->excludes(merge)->excludes(status);
  merge->excludes(status);
  cmd->add_option("--memory-budget", sweep.memory_mib, "MiB the simulations may hold at once (default: half the machine's memory)")
      ->check(CLI::PositiveNumber);
  return cmd;
}

CLI::App* add_import(CLI::App& app, ImportOptionsCli& import) {
  auto* cmd = app.add_subcommand("import-chaostoolkit",
                                 "Play a Chaos Toolkit experiment on a scenario: its actions as faults, its hypothesis as the SLO");
  cmd->add_option("experiment", import.experiment, "A Chaos Toolkit experiment (JSON)")->required();
  cmd->add_option("--base", import.base, "The scenario it is played on: the system under the experiment")->required();
  cmd->add_option("--out", import.out, "Where to write the scenario (default: <experiment>.chaossim.json beside it)");
  cmd->add_option("--start", import.start, "When the method starts (default: 30s after the base's warmup)");
  cmd->add_option("--fault-length", import.fault_length, "How long a fault lasts that the experiment does not undo (default 30s)");
  cmd->add_option("--availability", import.availability, "The availability an http probe's status tolerance asks for (default: the base's SLO's, or 0.99)")
      ->check(CLI::Range(0.0, 1.0));
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"chaossim: resilience patterns against simulated failures, in virtual time on SimGrid"};
  app.set_version_flag("--version", "chaossim " CHAOSSIM_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  std::vector<std::string> files;
  ReportOptions report;
  CompareOptions compare;
  GradeOptions grade;
  InitSubmissionOptions init;
  CLI::App* run_cmd = add_run(app, run);
  add_validate(app, files);
  CLI::App* report_cmd = add_report(app, report);
  CLI::App* compare_cmd = add_compare(app, compare);
  CLI::App* grade_cmd = add_grade(app, grade);
  CLI::App* init_cmd = add_init_submission(app, init);
  ImportOptionsCli import;
  CLI::App* import_cmd = add_import(app, import);
  SweepOptions sweep;
  CLI::App* sweep_cmd = add_sweep(app, sweep);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_bad_input;
  }
  if (*run_cmd) return run_command(run);
  if (*report_cmd) return report_command(report);
  if (*compare_cmd) return compare_command(compare);
  if (*grade_cmd) {
    if (!grade.submission && !grade.submissions && !grade.command) {
      std::fprintf(stderr, "grade: give --submission DIR, --submissions DIR or --submission-cmd CMD\n");
      return exit_bad_input;
    }
    return grade_command(grade);
  }
  if (*init_cmd) return init_submission_command(init);
  if (*import_cmd) return import_chaostoolkit_command(import);
  if (*sweep_cmd) return sweep_command(sweep);
  return validate_command(files);
}
