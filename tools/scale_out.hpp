#pragma once
// Work for engines a site already has, rather than a scheduler of our own:
// a Slurm job array (one array task per command) or a job list for GNU
// parallel (one command per line, `parallel --sshloginfile nodes < list`).
// Used by sweeps (a command per chunk of points) and by the grader (a
// command per chunk of submissions).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tools/commands.hpp"

namespace chaossim::tools {

struct SlurmOptions {
  std::string job_name;
  int throttle = 0;  // array tasks running at once (%N); 0: as many as Slurm allows
  int cpus_per_task = 1;
  std::optional<std::string> partition, time, memory;  // --partition, --time, --mem (per task)
  std::vector<std::string> extra;  // further #SBATCH options, as given: "--account=physics"
  std::string log_folder;          // where each task's output goes
};

// What Slurm accepts in an array by default (MaxArraySize 1001): more tasks
// than this are refused unless the site raised it.
inline constexpr std::size_t slurm_default_max_array = 1000;

// A bash script for sbatch: array task i runs commands[i], in which
// $SLURM_CPUS_PER_TASK may appear.
std::string slurm_array_script(const SlurmOptions& options, const std::vector<std::string>& commands);
std::string job_list(const std::vector<std::string>& commands);

// `text` as one word for a POSIX shell.
std::string shell_quoted(const std::string& text);

// `items` cut into consecutive chunks of `size` (0: as few chunks as Slurm's
// default array allows, one item each when there are fewer items than that).
std::vector<std::vector<std::string>> chunks_of(const std::vector<std::string>& items, std::size_t size);

// This binary's own path, for the commands: workers run the same chaossim.
std::string own_binary();

// What a command's --jobs is given: each array task's CPUs, or one per
// command of a job list (GNU parallel runs as many commands as it has slots).
std::string jobs_word(const ClusterOptions& options);

// Writes `commands` for options.emit: a job array in `folder`/<script_name>
// (its logs in `folder`/logs), or `folder`/joblist.txt. Prints what was
// written, how to submit or run it, and `merge_command` to run after.
// Throws std::runtime_error when the file cannot be written.
void emit_work(const ClusterOptions& options, const std::vector<std::string>& commands, const std::filesystem::path& folder,
               const std::string& job_name, const std::string& script_name, std::size_t items, const std::string& merge_command);

}  // namespace chaossim::tools
