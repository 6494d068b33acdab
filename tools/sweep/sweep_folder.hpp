#pragma once
// A sweep's folder, written a point at a time by any number of workers
// (local jobs, Slurm array tasks, GNU parallel over ssh) and read back to
// merge:
//   plan.json                   the points and what they were made from
//   points/<id>/scenario.json   the point as an ordinary scenario (+ files it reads)
//   points/<id>/results.json    written last, whole (rename): the point is done
//   points/<id>/error.txt       why the point failed, until it is run again
// Every file is written through a temporary file and a rename, so a killed
// worker leaves a point missing, never half done.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/sweep/sweep_file.hpp"
#include "scenarios/sweep/sweep_points.hpp"

namespace chaossim::tools {

inline constexpr const char* sweep_plan_schema_id = "chaossim/sweep-plan/v1";

struct PlannedPoint {
  std::string id;
  std::vector<nlohmann::ordered_json> values;  // one per parameter
};

// plan.json: the sweep as read, the fingerprint of the scenario its points
// come from, and every point with its values.
nlohmann::ordered_json plan_json(const scenarios::SweepFile& sweep, const std::vector<PlannedPoint>& points);
std::vector<PlannedPoint> planned_points(const nlohmann::ordered_json& plan);
// Why the points of `on_disk` are not those of `now` (the base scenario, a
// parameter, the design, the seed or the replications changed): reusing the
// folder would mix two sweeps. Empty when they are the same sweep; metrics,
// names and descriptions may differ (a merge recomputes them).
std::string plan_conflict(const nlohmann::ordered_json& on_disk, const nlohmann::ordered_json& now);

enum class PointState { missing, done, failed };

class SweepFolder {
 public:
  explicit SweepFolder(std::filesystem::path dir) : dir_(std::move(dir)) {}

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path plan_file() const { return dir_ / "plan.json"; }
  std::filesystem::path point_folder(const std::string& id) const { return dir_ / "points" / id; }

  // Why the folder cannot take this sweep (another sweep's points, files that
  // are not a sweep's), or empty; then writes plan.json. Throws
  // std::runtime_error when it cannot be written.
  std::string adopt(const nlohmann::ordered_json& plan) const;
  // Replaces plan.json (a bisect, whose points grow round by round).
  void write_plan(const nlohmann::ordered_json& plan) const;
  // plan.json, or nullopt (with why in `problem`).
  std::optional<nlohmann::ordered_json> read_plan(std::string& problem) const;

  PointState state(const std::string& id) const;
  std::string failure(const std::string& id) const;  // error.txt's text

  void write_scenario(const std::string& id, const scenarios::PlacedPoint& point) const;
  void write_results(const std::string& id, const std::string& text) const;
  void write_failure(const std::string& id, const std::string& error) const;
  // results.json without its time series (a sweep's figures are in the
  // rest): throws std::runtime_error naming the file when it cannot be read.
  nlohmann::ordered_json read_results(const std::string& id) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace chaossim::tools
