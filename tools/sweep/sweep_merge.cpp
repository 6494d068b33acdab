#include "tools/sweep/sweep_merge.hpp"

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "reports/sweep_html.hpp"
#include "tools/sweep/edge_search.hpp"
#include "tools/sweep/point_ids.hpp"

namespace chaossim::tools {

using nlohmann::ordered_json;

Inventory take_inventory(const SweepFolder& folder, const std::vector<PlannedPoint>& points) {
  Inventory inv;
  for (const auto& p : points) {
    inv.all.push_back(p.id);
    switch (folder.state(p.id)) {
      case PointState::done: inv.done.push_back(p.id); break;
      case PointState::failed: inv.failed.emplace_back(p.id, folder.failure(p.id)); break;
      case PointState::missing: inv.missing.push_back(p.id); break;
    }
  }
  return inv;
}

std::string describe(const Inventory& inv, std::size_t failures_shown) {
  std::string out = fmt::format("{} point{}: {} done, {} failed, {} missing", inv.all.size(), inv.all.size() == 1 ? "" : "s",
                                inv.done.size(), inv.failed.size(), inv.missing.size());
  if (!inv.missing.empty()) out += fmt::format(" ({})", point_ranges(inv.missing, inv.all));
  out += "\n";
  for (std::size_t i = 0; i < inv.failed.size() && i < failures_shown; ++i)
    out += fmt::format("  {} failed: {}\n", inv.failed[i].first, inv.failed[i].second);
  if (inv.failed.size() > failures_shown) out += fmt::format("  ... and {} more failed\n", inv.failed.size() - failures_shown);
  return out;
}

namespace {

// The Pareto pair by default: the first metric better high (availability)
// against the first better low (a latency, a recovery time).
std::vector<std::string> default_pareto(const std::vector<std::string>& metrics) {
  std::string high, low;
  for (const auto& m : metrics) {
    if (reports::higher_is_better(m) && high.empty()) high = m;
    if (!reports::higher_is_better(m) && low.empty()) low = m;
  }
  if (high.empty() || low.empty()) return {};
  return {high, low};
}

}  // namespace

reports::SweepTable sweep_table(const SweepFolder& folder, const ordered_json& plan, std::vector<std::string> metrics,
                                std::vector<std::string> pareto) {
  reports::SweepTable table;
  table.name = plan.value("name", "");
  table.description = plan.value("description", "");
  for (const auto& p : plan.at("parameters")) table.parameters.push_back(p.get<std::string>());
  if (metrics.empty()) metrics = plan.at("metrics").get<std::vector<std::string>>();
  if (pareto.empty() && plan.contains("pareto")) pareto = plan["pareto"].get<std::vector<std::string>>();
  table.metrics = metrics;
  table.pareto = pareto.size() == 2 ? pareto : default_pareto(metrics);
  const auto points = planned_points(plan);
  const bool bisect = plan.at("design").value("kind", "") == "bisect";
  std::optional<EdgeSearch> search;
  if (bisect && !table.parameters.empty()) search.emplace(edge_spec(plan.at("design"), table.parameters.front()));
  for (const auto& p : points) {
    ordered_json results;
    try {
      results = folder.read_results(p.id);
    } catch (const std::runtime_error& e) {
      throw MergeError(e.what());
    }
    if (table.rows.empty())
      for (const auto& m : metrics)
        if (const auto lookup = reports::sweep_metric(results, m); !lookup.problem.empty())
          throw MergeError(fmt::format("metric \"{}\": {}", m, lookup.problem));
    table.rows.push_back(reports::sweep_row(p.id, p.values, metrics, results));
    if (search && !p.values.empty()) search->record(p.values.front(), reports::sweep_metric(results, plan["design"]["metric"]).estimate);
  }
  if (table.pareto.size() == 2) table.pareto_front = reports::pareto_front(table, table.pareto[0], table.pareto[1]);
  if (search) table.edge = search->result();
  return table;
}

void write_sweep_outputs(const SweepFolder& folder, const reports::SweepTable& table, const ordered_json& sweep_document) {
  reports::write_file_atomically((folder.dir() / "sweep.csv").string(), reports::sweep_csv(table));
  reports::write_file_atomically((folder.dir() / "sweep.json").string(), reports::sweep_json(table, sweep_document).dump(2) + "\n");
  reports::write_file_atomically((folder.dir() / "sweep.html").string(), reports::sweep_html(table));
}

}  // namespace chaossim::tools
