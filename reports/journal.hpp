#pragma once
// A Chaos Toolkit journal of one variant's results, so that teams who keep
// Chaos Toolkit's tooling (its reports, dashboards, CI gates on `status` and
// `deviated`) can read a simulated run as they read a real one. The
// experiment is the scenario as Chaos Toolkit would state it: the SLO's
// checks as the steady-state hypothesis's probes, each fault as an action of
// the method. The hypothesis is judged before the first fault and from it on
// (steady_state.hpp); as in Chaos Toolkit, a hypothesis unmet before stops
// the experiment ("failed", the method not run), one unmet after has
// deviated ("failed", `deviated` true), and otherwise it "completed".
// Timestamps are virtual time from the Unix epoch: a journal is the same
// bytes for the same scenario and seed.
#include <string>

#include <nlohmann/json.hpp>

namespace chaossim::reports {

// From a variant's results object (results.json's, or one of its variants').
std::string chaostoolkit_journal(const nlohmann::ordered_json& variant);

}  // namespace chaossim::reports
