#include "tools/run_budget.hpp"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

namespace chaossim::tools {

RunBudget run_budget(std::optional<double> max_requests, std::optional<double> memory_mib) {
  RunBudget b;
  if (max_requests) b.max_requests = *max_requests;
  const double machine = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  b.memory_bytes = memory_mib ? *memory_mib * (1 << 20) : machine / 2;
  return b;
}

namespace {

std::string size_of(double bytes) {
  if (bytes < (1 << 20)) return fmt::format("{:.0f} KiB", bytes / (1 << 10));
  if (bytes < (1 << 30)) return fmt::format("{:.1f} MiB", bytes / (1 << 20));
  return fmt::format("{:.1f} GiB", bytes / (1 << 30));
}

}  // namespace

void budget_disk(RunBudget& budget, const std::string& folder, bool writes_csv, double csv_ratio) {
  std::filesystem::path at = std::filesystem::absolute(folder);
  std::error_code ec;
  while (!std::filesystem::exists(at, ec) && at.has_parent_path() && at.parent_path() != at) at = at.parent_path();
  const auto space = std::filesystem::space(at, ec);
  budget.disk_folder = at.string();
  budget.disk_bytes = ec ? 0 : static_cast<double>(space.available);
  budget.writes_csv = writes_csv;
  budget.csv_ratio = csv_ratio;
}

std::string over_budget(const sim::WorkEstimate& estimate, const RunBudget& budget) {
  constexpr double simulated_per_second = 1e6;  // requests, on one core, measured on the examples
  if (estimate.requests > budget.max_requests)
    return fmt::format("the runs would send up to {:.3g} client requests, more than --max-requests {:.3g} (about {:.1f} hours "
                       "of simulation at a million requests a second): lower the rate, the duration or the "
                       "replications, or raise --max-requests",
                       estimate.requests, budget.max_requests, estimate.requests / simulated_per_second / 3600);
  if (estimate.memory_bytes > budget.memory_bytes)
    return fmt::format("the runs' time series would hold about {:.1f} GiB ({:.3g} buckets x subjects x replications), more "
                       "than the memory budget of {:.1f} GiB: use a larger bucket, fewer replications or a shorter run, "
                       "or raise --memory-budget (MiB)",
                       estimate.memory_bytes / (1 << 30), estimate.series_cells, budget.memory_bytes / (1 << 30));
  const double disk = estimate.spool_bytes + (budget.writes_csv ? estimate.csv_bytes * budget.csv_ratio : 0);
  if (budget.disk_bytes > 0 && disk > budget.disk_bytes)
    return fmt::format("the runs would write about {} ({:.3g} buckets x subjects x replications{}) to {}, which has "
                       "{} free: use a larger bucket, fewer replications or a shorter run, or free some space",
                       size_of(disk), estimate.series_cells, budget.writes_csv ? ", timeseries.csv included" : "",
                       budget.disk_folder, size_of(budget.disk_bytes));
  return {};
}

}  // namespace chaossim::tools
