#include "reports/journal.hpp"

#include <chrono>
#include <cmath>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

// Virtual seconds as an ISO 8601 time from the Unix epoch, to the microsecond.
std::string timestamp(double seconds) {
  const auto micros = static_cast<long long>(std::llround(seconds * 1e6));
  const std::chrono::sys_seconds whole{std::chrono::seconds(micros / 1'000'000)};
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:06d}", whole, micros % 1'000'000);
}

ordered_json probe_of(const ordered_json& check, const std::string& client) {
  const std::string name = check["name"].get<std::string>();
  const double objective = check["objective"].get<double>();
  // Availability must reach its objective; a latency must stay under it.
  const ordered_json range = name == "availability" ? ordered_json::array({objective, 1.0}) : ordered_json::array({0.0, objective});
  return {{"type", "probe"},
          {"name", name},
          {"tolerance", {{"type", "range"}, {"range", range}}},
          {"provider", {{"type", "python"}, {"module", "chaossim.slo"}, {"func", name}, {"arguments", {{"client", client}}}}}};
}

ordered_json action_of(const ordered_json& fault) {
  return {{"type", "action"},
          {"name", fmt::format("{}:{} on {}", fault["index"].get<int>(), fault["kind"].get<std::string>(), fault["subject"].get<std::string>())},
          {"provider",
           {{"type", "python"},
            {"module", "chaossim.faults"},
            {"func", fault["kind"]},
            {"arguments", {{"subject", fault["subject"]}, {"start_s", fault["start_s"]}, {"end_s", fault["end_s"]}}}}}};
}

// One side of the hypothesis: each probe's figure over its window.
ordered_json steady_state(const ordered_json& window, const std::string& client) {
  ordered_json probes = ordered_json::array();
  const double start = window["start_s"].get<double>(), end = window["end_s"].get<double>();
  for (const auto& check : window["checks"])
    probes.push_back({{"activity", probe_of(check, client)},
                      {"output", check["actual"]},
                      {"status", "succeeded"},
                      {"start", timestamp(start)},
                      {"end", timestamp(end)},
                      {"duration", end - start},
                      {"tolerance_met", check["met"]}});
  return {{"steady_state_met", window["met"]}, {"probes", std::move(probes)}};
}

}  // namespace

std::string chaostoolkit_journal(const ordered_json& v) {
  const bool hypothesis = v.contains("steady_state") && !v["slo"].is_null();
  const std::string client = hypothesis ? v["slo"]["client"].get<std::string>() : "";
  ordered_json experiment;
  experiment["version"] = "1.0.0";
  experiment["title"] = fmt::format("{} (variant {})", v["scenario"].get<std::string>(), v["variant"].get<std::string>());
  experiment["description"] = fmt::format("Simulated by chaossim: {} replication(s) of {} s from seed {}.", v["replications"].get<int>(),
                                          v["duration_s"].get<double>(), v["seed"].get<std::uint64_t>());
  experiment["tags"] = ordered_json::array({"chaossim"});
  if (hypothesis) {
    ordered_json probes = ordered_json::array();
    for (const auto& check : v["steady_state"]["before"]["checks"]) probes.push_back(probe_of(check, client));
    experiment["steady-state-hypothesis"] = {{"title", fmt::format("the SLO of client {} holds", client)}, {"probes", std::move(probes)}};
  }
  ordered_json method = ordered_json::array(), run = ordered_json::array();
  for (const auto& f : v["faults"]) {
    method.push_back(action_of(f));
    const double start = f["start_s"].get<double>(), end = f["end_s"].get<double>();
    run.push_back({{"activity", action_of(f)},
                   {"output", {{"detect_s", f["detect_s"]}, {"recover_s", f["recover_s"]}, {"availability", f["availability"]}}},
                   {"status", "succeeded"},
                   {"start", timestamp(start)},
                   {"end", timestamp(end)},
                   {"duration", end - start}});
  }
  experiment["method"] = std::move(method);
  experiment["rollbacks"] = ordered_json::array();

  const bool before_met = !hypothesis || v["steady_state"]["before"]["met"].get<bool>();
  const bool after_met = !hypothesis || v["steady_state"]["after"]["met"].get<bool>();
  ordered_json j;
  j["chaoslib-version"] = nullptr;
  j["platform"] = "chaossim (simulated)";
  j["node"] = "chaossim";
  j["experiment"] = std::move(experiment);
  j["start"] = timestamp(0);
  j["status"] = before_met && after_met ? "completed" : "failed";
  j["deviated"] = before_met && !after_met;
  ordered_json states;
  states["before"] = hypothesis ? steady_state(v["steady_state"]["before"], client) : ordered_json(nullptr);
  // A hypothesis unmet before stops the experiment: no method, no after.
  states["after"] = hypothesis && before_met ? steady_state(v["steady_state"]["after"], client) : ordered_json(nullptr);
  states["during"] = ordered_json::array();
  j["steady_states"] = std::move(states);
  j["run"] = before_met ? std::move(run) : ordered_json::array();
  j["rollbacks"] = ordered_json::array();
  j["end"] = timestamp(v["duration_s"].get<double>());
  j["duration"] = v["duration_s"];
  return j.dump(2) + "\n";
}

}  // namespace chaossim::reports
