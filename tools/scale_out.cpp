#include "tools/scale_out.hpp"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "reports/atomic_file.hpp"

namespace chaossim::tools {

std::string shell_quoted(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") ==
                           std::string::npos)
    return text;
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurm_array_script(const SlurmOptions& o, const std::vector<std::string>& commands) {
  std::string s = "#!/bin/bash\n";
  s += "# Written by chaossim: one Slurm array task per command below. Submit it from the login node:\n";
  s += "#   sbatch THIS_FILE        (or sbatch --wait THIS_FILE, to return when every task has ended)\n";
  s += fmt::format("#SBATCH --job-name={}\n", o.job_name);
  s += fmt::format("#SBATCH --array=0-{}{}\n", commands.empty() ? 0 : commands.size() - 1,
                   o.throttle > 0 ? fmt::format("%{}", o.throttle) : "");
  s += fmt::format("#SBATCH --cpus-per-task={}\n", o.cpus_per_task);
  s += "#SBATCH --ntasks=1\n";
  if (o.partition) s += fmt::format("#SBATCH --partition={}\n", *o.partition);
  if (o.time) s += fmt::format("#SBATCH --time={}\n", *o.time);
  if (o.memory) s += fmt::format("#SBATCH --mem={}\n", *o.memory);
  for (const auto& extra : o.extra) s += fmt::format("#SBATCH {}\n", extra);
  s += fmt::format("#SBATCH --output={}/%A_%a.out\n", o.log_folder);
  s += "set -euo pipefail\n";
  s += "case \"${SLURM_ARRAY_TASK_ID:?run this script with sbatch, as a job array}\" in\n";
  for (std::size_t i = 0; i < commands.size(); ++i) s += fmt::format("  {}) exec {} ;;\n", i, commands[i]);
  s += "esac\n";
  s += "echo \"array task $SLURM_ARRAY_TASK_ID has no work: the script holds tasks 0 to " +
       std::to_string(commands.empty() ? 0 : commands.size() - 1) + "\" >&2\nexit 2\n";
  return s;
}

std::string job_list(const std::vector<std::string>& commands) {
  std::string out;
  for (const auto& c : commands) out += c + "\n";
  return out;
}

std::vector<std::vector<std::string>> chunks_of(const std::vector<std::string>& items, std::size_t size) {
  if (size == 0) size = std::max<std::size_t>(1, (items.size() + slurm_default_max_array - 1) / slurm_default_max_array);
  std::vector<std::vector<std::string>> out;
  for (std::size_t i = 0; i < items.size(); i += size)
    out.emplace_back(items.begin() + static_cast<long>(i), items.begin() + static_cast<long>(std::min(items.size(), i + size)));
  return out;
}

std::string own_binary() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("chaossim") : path.string();
}

std::string jobs_word(const ClusterOptions& options) {
  return *options.emit == "slurm" ? "\"${SLURM_CPUS_PER_TASK:-1}\"" : "1";
}

void emit_work(const ClusterOptions& o, const std::vector<std::string>& commands, const std::filesystem::path& folder,
               const std::string& job_name, const std::string& script_name, std::size_t items, const std::string& merge_command) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::absolute(folder, ec).lexically_normal();
  const bool slurm = *o.emit == "slurm";
  fs::path file;
  if (slurm) {
    SlurmOptions s;
    s.job_name = job_name;
    s.throttle = o.throttle;
    s.cpus_per_task = o.cpus_per_task;
    s.partition = o.partition;
    s.time = o.time;
    s.memory = o.memory;
    s.extra = o.sbatch_options;
    s.log_folder = (dir / "logs").string();
    fs::create_directories(s.log_folder, ec);  // Slurm does not make it, and loses the output without it
    file = dir / script_name;
    reports::write_file_atomically(file.string(), slurm_array_script(s, commands));
    fs::permissions(file, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add, ec);
  } else {
    file = dir / "joblist.txt";
    reports::write_file_atomically(file.string(), job_list(commands));
  }
  fmt::print("{}: {} item{} in {} {}{}\n", file.string(), items, items == 1 ? "" : "s", commands.size(), slurm ? "array task" : "command",
             commands.size() == 1 ? "" : "s");
  if (slurm && commands.size() > slurm_default_max_array)
    fmt::print("note: more array tasks than Slurm's default MaxArraySize allows: give --chunk {} or more\n",
               (items + slurm_default_max_array - 1) / slurm_default_max_array);
  if (slurm)
    fmt::print("submit it:   sbatch --wait {}\n", shell_quoted(file.string()));
  else
    fmt::print("run it:      parallel --jobs 2 < {0}   (or: parallel --sshloginfile NODES < {0})\n", shell_quoted(file.string()));
  fmt::print("then merge:  {}\n", merge_command);
}

}  // namespace chaossim::tools
