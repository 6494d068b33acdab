#pragma once
// A Chaos Toolkit experiment played on a chaossim scenario: the method's
// actions that have a chaossim fault become faults of the base scenario, on
// the experiment's own timeline (the actions in order, their pauses between
// them, a fault lasting until the method or the rollbacks undo it); its
// steady-state hypothesis's probes become the scenario's SLO. What has no
// counterpart is listed, never dropped in silence. The mapping (README,
// "Chaos Toolkit"):
//   chaostoxi (Toxiproxy)   create_latency_toxic -> latency; create_bandwith_degradation_toxic
//                           -> bandwidth; create_timeout_toxic -> blackhole; create_toxic of
//                           type latency, bandwidth, timeout, reset_peer (-> crash, refuse);
//                           disable_proxy -> crash (refuse); undone by delete_toxic,
//                           remove_all_toxics, enable_proxy. The proxy names the service.
//   chaosk8s                pod.actions terminate_pods, delete_pods, kill_microservice -> crash
//                           (label_selector "app=NAME", or name, names the service; qty,
//                           mode "percentage", rand, all); networking.actions deny_all_ingress
//                           -> blackhole of requests.
//   chaosaws                ec2.actions stop_instances with az -> zone_outage.
//   hypothesis              an http probe of http://SERVICE/... whose tolerance is a status
//                           (200, or a list of them) -> availability of the client calling
//                           SERVICE, at least --availability; its timeout (seconds, or
//                           [connect, read]) -> a p99 latency objective.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/diagnostics.hpp"

namespace chaossim::tools {

struct ImportOptions {
  // When the method starts, in seconds; the time before it is the steady
  // state's "before" (default: 30 s after the base's warmup).
  std::optional<double> start_s;
  // How long a fault the experiment never undoes within its method lasts if
  // nothing else says (a killed pod comes back; a toxic left in place lasts to the end).
  double fault_length_s = 30;
  // The availability an http probe's status tolerance asks for (default: the base's SLO's, or 0.99).
  std::optional<double> availability;
};

struct ImportResult {
  std::optional<nlohmann::ordered_json> scenario;  // the base, its faults and SLO the experiment's
  std::vector<std::string> mapped;                 // what became what, in order
  std::vector<std::string> unmapped;               // what has no counterpart, and why
  std::vector<scenarios::Diagnostic> errors;       // in the experiment file: nothing is written
};

ImportResult import_chaostoolkit(std::string_view experiment_text, const std::string& experiment_file,
                                 const nlohmann::ordered_json& base, const ImportOptions& options);

}  // namespace chaossim::tools
