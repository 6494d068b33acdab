// A Chaos Toolkit experiment's actions as faults on the experiment's own
// timeline, its hypothesis as the SLO, and what has no counterpart listed.
#include <algorithm>

#include <catch2/catch.hpp>

#include "scenarios/loader.hpp"
#include "tools/chaostoolkit_import.hpp"

using namespace chaossim;
using json = nlohmann::ordered_json;

namespace {

const json base = json::parse(R"({"schema": "chaossim/scenario/v1", "name": "shop", "duration": "300s", "warmup": "10s",
  "services": [{"name": "api", "instances": 4, "zones": ["eu-1a", "eu-1b"], "service_time": {"dist": "constant", "value": "1ms"},
                "calls": [{"service": "db"}]},
               {"name": "db", "service_time": {"dist": "constant", "value": "1ms"}}],
  "clients": [{"name": "users", "target": "api", "arrival": {"process": "poisson", "rate": "10/s"}}],
  "faults": [{"kind": "crash", "at": "100s", "for": "10s", "target": "db"}]})");

std::string experiment(const std::string& method, const std::string& rest = "") {
  return R"({"version": "1.0.0", "title": "t", "description": "d", "method": [)" + method + "]" + rest + "}";
}

std::string action(const std::string& module, const std::string& func, const std::string& arguments, double after = 0) {
  return R"({"type": "action", "name": ")" + func + R"(", "provider": {"type": "python", "module": ")" + module + R"(", "func": ")" +
         func + R"(", "arguments": )" + arguments + R"(}, "pauses": {"after": )" + std::to_string(after) + "}}";
}

tools::ImportOptions starting(double start_s, double fault_length_s = 30) {
  tools::ImportOptions o;
  o.start_s = start_s;
  o.fault_length_s = fault_length_s;
  return o;
}

tools::ImportResult import(const std::string& text, tools::ImportOptions options = {}) {
  return tools::import_chaostoolkit(text, "exp.json", base, options);
}

}  // namespace

TEST_CASE("a toxic lasts from its action until the method deletes it, each action after the pauses before it") {
  const auto r = import(experiment(action("chaostoxi.toxic.actions", "create_latency_toxic",
                                          R"({"for_proxy": "db", "toxic_name": "slow", "latency": 300, "jitter": 20})", 45) +
                                   "," + action("chaostoxi.toxic.actions", "delete_toxic", R"({"for_proxy": "db", "toxic_name": "slow"})")));
  REQUIRE(r.scenario);
  const auto& faults = (*r.scenario)["faults"];
  REQUIRE(faults.size() == 1);
  CHECK(faults[0] == json::parse(R"({"kind": "latency", "target": "db", "add": "300ms", "jitter": "20ms", "at": "40s", "for": "45s"})"));
  // The base's own faults give way to the experiment's, and it says so.
  CHECK(r.unmapped.size() == 1);
  CHECK(scenarios::load_scenario_text(r.scenario->dump(), "out.json").scenarios);
}

TEST_CASE("what the method leaves in place its rollbacks end, and what nothing undoes lasts to the run's end") {
  const std::string toxic = action("chaostoxi.toxic.actions", "create_timeout_toxic", R"({"for_proxy": "db", "toxic_name": "cut", "stream": "upstream"})", 20);
  const std::string rollback = R"(, "rollbacks": [)" + action("chaostoxi.toxic.actions", "remove_all_toxics", R"({"for_proxy": "db"})") + "]";
  const auto undone = import(experiment(toxic, rollback), starting(50));
  REQUIRE(undone.scenario);
  CHECK((*undone.scenario)["faults"][0] == json::parse(R"({"kind": "blackhole", "target": "db", "drop": "requests", "at": "50s", "for": "20s"})"));
  const auto left = import(experiment(toxic), starting(50));
  REQUIRE(left.scenario);
  CHECK((*left.scenario)["faults"][0]["for"] == "250s");
}

TEST_CASE("a killed pod comes back after --fault-length, and terminate_pods' selector, qty, percentage and rand pick the instances") {
  const auto r = import(experiment(action("chaosk8s.pod.actions", "terminate_pods", R"({"label_selector": "app=api", "qty": 2, "rand": true})", 10) +
                                   "," + action("chaosk8s.pod.actions", "terminate_pods", R"({"label_selector": "app=api", "mode": "percentage", "qty": 50})")),
                        starting(60, 15));
  REQUIRE(r.scenario);
  const auto& faults = (*r.scenario)["faults"];
  CHECK(faults[0] == json::parse(R"({"kind": "crash", "target": "api", "instances": 2, "pick": "random", "at": "60s", "for": "15s"})"));
  CHECK(faults[1] == json::parse(R"({"kind": "crash", "target": "api", "fraction": 0.5, "at": "70s", "for": "15s"})"));
}

TEST_CASE("Toxiproxy's disable_proxy refuses until enable_proxy, an AWS zone's instances stop until started, ingress is denied until allowed") {
  const auto r = import(experiment(action("chaostoxi.proxy.actions", "disable_proxy", R"({"proxy_name": "db"})", 5) + "," +
                                   action("chaosaws.ec2.actions", "stop_instances", R"({"az": "eu-1b"})", 5) + "," +
                                   action("chaosk8s.networking.actions", "deny_all_ingress", R"({"label_selectors": {"app": "api"}})", 5) + "," +
                                   action("chaostoxi.proxy.actions", "enable_proxy", R"({"proxy_name": "db"})") + "," +
                                   action("chaosaws.ec2.actions", "start_instances", R"({"az": "eu-1b"})") + "," +
                                   action("chaosk8s.networking.actions", "remove_deny_all_ingress", R"({"label_selectors": {"app": "api"}})")),
                        starting(100));
  REQUIRE(r.scenario);
  const auto& faults = (*r.scenario)["faults"];
  REQUIRE(faults.size() == 3);
  CHECK(faults[0] == json::parse(R"({"kind": "crash", "target": "db", "mode": "refuse", "at": "100s", "for": "15s"})"));
  CHECK(faults[1] == json::parse(R"({"kind": "zone_outage", "zone": "eu-1b", "at": "105s", "for": "10s"})"));
  CHECK(faults[2] == json::parse(R"({"kind": "blackhole", "target": "api", "drop": "requests", "at": "110s", "for": "5s"})"));
}

TEST_CASE("actions and probes with no chaossim counterpart are listed with why, never dropped in silence") {
  const auto r = import(experiment(action("chaosk8s.node.actions", "drain_nodes", R"({"label_selector": "pool=spot"})") + "," +
                                   R"({"type": "action", "name": "shell", "provider": {"type": "process", "path": "kill", "arguments": "-9 1"}},)" +
                                   R"({"type": "probe", "name": "look", "provider": {"type": "http", "url": "http://api/"}})"));
  REQUIRE(r.scenario);
  CHECK((*r.scenario)["faults"].empty());
  REQUIRE(r.unmapped.size() == 4);  // the three, and the base's fault
  CHECK(r.unmapped[0].find("$.method[0] \"drain_nodes\": chaosk8s.node.actions.drain_nodes: no chaossim fault") == 0);
  CHECK(r.unmapped[1].find("a process provider") != std::string::npos);
  CHECK(r.unmapped[2].find("a probe during the method") != std::string::npos);
}

TEST_CASE("an http probe's status tolerance becomes the availability of the client calling its service, its timeout a p99") {
  const std::string hypothesis = R"(, "steady-state-hypothesis": {"title": "up", "probes": [
    {"type": "probe", "name": "api-ok", "tolerance": [200, 204], "provider": {"type": "http", "url": "https://api.prod.example:8443/ping", "timeout": [2, 0.5]}},
    {"type": "probe", "name": "db-ok", "tolerance": 200, "provider": {"type": "http", "url": "http://db/"}},
    {"type": "probe", "name": "cpu", "tolerance": {"type": "range", "range": [0, 80]}, "provider": {"type": "python", "module": "m", "func": "cpu"}}]})";
  tools::ImportOptions options;
  options.availability = 0.995;
  const auto r = import(experiment("", hypothesis), options);
  REQUIRE(r.scenario);
  CHECK((*r.scenario)["slo"] == json::parse(R"({"client": "users", "availability": 0.995, "latency": {"p99": "0.5s"}})"));
  // db has no client of its own; cpu is no HTTP status.
  CHECK(std::count_if(r.unmapped.begin(), r.unmapped.end(), [](const std::string& u) { return u.find("db-ok") != std::string::npos; }) == 1);
  CHECK(std::count_if(r.unmapped.begin(), r.unmapped.end(), [](const std::string& u) { return u.find("\"cpu\"") != std::string::npos; }) == 1);
}

TEST_CASE("a malformed experiment is refused at its line and path, and nothing is made") {
  const auto not_array = import(R"({"title": "t",
    "method": {"type": "action"}})");
  REQUIRE_FALSE(not_array.scenario);
  REQUIRE(not_array.errors.size() == 1);
  CHECK(not_array.errors[0].path == "$.method");
  CHECK(not_array.errors[0].position.line == 2);
  CHECK(not_array.errors[0].message.find("expected an array of activities") != std::string::npos);
  const auto negative = import(experiment(R"({"type": "action", "name": "x", "provider": {"type": "python", "module": "m", "func": "f"}, "pauses": {"after": -3}})"));
  REQUIRE_FALSE(negative.scenario);
  CHECK(negative.errors[0].path == "$.method[0].pauses.after");
  const auto broken = import(R"({"method": [)");
  REQUIRE_FALSE(broken.scenario);
  CHECK(broken.errors[0].file == "exp.json");
  const auto late = import(experiment(""), starting(400));
  REQUIRE_FALSE(late.scenario);
  CHECK(late.errors[0].message.find("past the base scenario's duration") != std::string::npos);
}
