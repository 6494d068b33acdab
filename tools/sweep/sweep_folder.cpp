#include "tools/sweep/sweep_folder.hpp"

#include <fstream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "scenarios/text_file.hpp"
#include "tools/sweep/edge_search.hpp"

namespace chaossim::tools {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

std::string fingerprint(const scenarios::SweepFile& sweep) {
  std::uint64_t hash = 14695981039346656037ULL;
  const auto add = [&hash](std::string_view text) {
    for (const unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  // Sorted keys: the base's layout does not matter, its values (and the
  // files it reads, in its content hash) do.
  add(nlohmann::json(sweep.base_document).dump());
  add(sweep.base.content_hash);
  return fmt::format("fnv1a64:{:016x}", hash);
}

ordered_json design_json(const scenarios::SweepFile& sweep) {
  using Kind = scenarios::SweepDesign::Kind;
  const auto& d = sweep.design;
  if (d.kind == Kind::bisect) return edge_design_json(edge_spec(sweep));
  ordered_json j;
  j["kind"] = d.kind == Kind::grid ? "grid" : d.kind == Kind::random ? "random" : "latin_hypercube";
  if (d.kind != Kind::grid) {
    j["points"] = d.points;
    j["seed"] = d.seed;
  }
  return j;
}

}  // namespace

ordered_json plan_json(const scenarios::SweepFile& sweep, const std::vector<PlannedPoint>& points) {
  ordered_json j;
  j["schema"] = sweep_plan_schema_id;
  j["name"] = sweep.name;
  j["description"] = sweep.description;
  std::error_code ec;
  j["sweep_file"] = fs::absolute(sweep.file, ec).lexically_normal().string();
  j["scenario_file"] = fs::absolute(sweep.scenario_file, ec).lexically_normal().string();
  j["variant"] = sweep.variant;
  j["fingerprint"] = fingerprint(sweep);
  j["replications"] = sweep.replications;
  j["seed"] = sweep.seed;
  ordered_json parameters = ordered_json::array();
  for (const auto& p : sweep.parameters) parameters.push_back(p.path);
  j["parameters"] = std::move(parameters);
  j["design"] = design_json(sweep);
  j["metrics"] = sweep.metrics;
  j["pareto"] = sweep.pareto;
  j["sweep"] = sweep.document;
  ordered_json list = ordered_json::array();
  for (const auto& p : points) list.push_back({{"id", p.id}, {"values", p.values}});
  j["points"] = std::move(list);
  return j;
}

std::vector<PlannedPoint> planned_points(const ordered_json& plan) {
  std::vector<PlannedPoint> out;
  for (const auto& p : plan.at("points")) {
    PlannedPoint point{p.at("id").get<std::string>(), {}};
    for (const auto& v : p.at("values")) point.values.push_back(v);
    out.push_back(std::move(point));
  }
  return out;
}

std::string plan_conflict(const ordered_json& on_disk, const ordered_json& now) {
  if (on_disk.value("schema", "") != sweep_plan_schema_id) return "its plan.json is not a sweep's plan";
  std::vector<std::string> keys{"fingerprint", "variant", "replications", "seed", "parameters", "design"};
  // A bisect's points are decided as it goes: its design fixes them.
  if (now["design"]["kind"] != "bisect") keys.push_back("points");
  for (const auto& key : keys) {
    if (on_disk.contains(key) && on_disk[key] == now[key]) continue;
    if (key == "fingerprint") return "it holds the points of another version of the base scenario (or of its variant)";
    return fmt::format("it holds the points of a sweep with other {}", key);
  }
  return {};
}

std::string SweepFolder::adopt(const ordered_json& plan) const {
  std::error_code ec;
  if (fs::exists(plan_file(), ec)) {
    std::string problem;
    const auto on_disk = read_plan(problem);
    if (!on_disk) return problem;
    if (const std::string conflict = plan_conflict(*on_disk, plan); !conflict.empty())
      return fmt::format("{} is another sweep's folder: {}. Give another --out, or remove it to start over", dir_.string(), conflict);
    // Identical bar the names, metrics and (bisect) the points so far: keep the points.
    if (plan["design"]["kind"] == "bisect") return {};
  } else if (fs::exists(dir_, ec)) {
    if (!fs::is_directory(dir_, ec)) return fmt::format("{} is a file, expected a folder for the sweep", dir_.string());
    if (!fs::is_empty(dir_, ec))
      return fmt::format("{} holds files and no plan.json: not a sweep's folder. Give an empty or new folder", dir_.string());
  }
  write_plan(plan);
  return {};
}

void SweepFolder::write_plan(const ordered_json& plan) const {
  reports::write_file_atomically(plan_file().string(), plan.dump(2) + "\n");
}

std::optional<ordered_json> SweepFolder::read_plan(std::string& problem) const {
  const auto text = scenarios::read_text_file(plan_file().string());
  if (!text) {
    problem = fmt::format("{}: cannot read it; expected the plan a sweep writes in its folder", plan_file().string());
    return std::nullopt;
  }
  ordered_json plan = ordered_json::parse(*text, nullptr, false);
  if (plan.is_discarded() || !plan.is_object() || plan.value("schema", "") != sweep_plan_schema_id || !plan.contains("points")) {
    problem = fmt::format("{}: not a sweep's plan (schema \"{}\")", plan_file().string(), sweep_plan_schema_id);
    return std::nullopt;
  }
  // What the merge reads, read once here: a plan edited by hand is refused, not crashed on.
  try {
    planned_points(plan);
    plan.at("parameters").get<std::vector<std::string>>();
    plan.at("metrics").get<std::vector<std::string>>();
    static_cast<void>(plan.at("sweep"));
    if (plan.at("design").at("kind").get<std::string>() == "bisect") edge_spec(plan.at("design"), "");
  } catch (const nlohmann::json::exception& e) {
    problem = fmt::format("{}: damaged ({}); run the sweep file again with --out to rebuild it", plan_file().string(), e.what());
    return std::nullopt;
  }
  return plan;
}

PointState SweepFolder::state(const std::string& id) const {
  std::error_code ec;
  if (fs::exists(point_folder(id) / "results.json", ec)) return PointState::done;
  if (fs::exists(point_folder(id) / "error.txt", ec)) return PointState::failed;
  return PointState::missing;
}

std::string SweepFolder::failure(const std::string& id) const {
  auto text = scenarios::read_text_file((point_folder(id) / "error.txt").string()).value_or("");
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

void SweepFolder::write_scenario(const std::string& id, const scenarios::PlacedPoint& point) const {
  const fs::path folder = point_folder(id);
  for (const auto& [name, source] : point.beside) {
    const auto text = scenarios::read_text_file(source);
    if (!text) throw std::runtime_error(fmt::format("{}: cannot read it, to copy it beside point {}", source, id));
    reports::write_file_atomically((folder / name).string(), *text);
  }
  reports::write_file_atomically((folder / "scenario.json").string(), point.text);
}

void SweepFolder::write_results(const std::string& id, const std::string& text) const {
  reports::write_file_atomically((point_folder(id) / "results.json").string(), text);
  std::error_code ec;
  fs::remove(point_folder(id) / "error.txt", ec);
}

void SweepFolder::write_failure(const std::string& id, const std::string& error) const {
  reports::write_file_atomically((point_folder(id) / "error.txt").string(), error + "\n");
}

ordered_json SweepFolder::read_results(const std::string& id) const {
  const fs::path path = point_folder(id) / "results.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read it", path.string()));
  // The time series is most of the file and none of the sweep's figures.
  const ordered_json::parser_callback_t skip_series = [](int depth, ordered_json::parse_event_t event, ordered_json& parsed) {
    return !(depth == 1 && event == ordered_json::parse_event_t::key && parsed == "timeseries");
  };
  ordered_json results = ordered_json::parse(in, skip_series, false);
  if (results.is_discarded() || !results.is_object())
    throw std::runtime_error(fmt::format("{}: not a results.json (cut short or damaged?)", path.string()));
  return results;
}

}  // namespace chaossim::tools
