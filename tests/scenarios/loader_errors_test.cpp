// One test per class of bad input: each checks the message's JSON path and
// line, and what it says was found and expected.
#include <algorithm>

#include <catch2/catch.hpp>

#include "scenarios/loader.hpp"

using namespace chaossim::scenarios;

namespace {

// A valid scenario; tests break one line of it.
std::string scenario_with(const std::string& services, const std::string& extra = "",
                          const std::string& clients = R"([{"name": "users", "target": "api", "arrival": {"process": "poisson", "rate": "10/s"}}])") {
  return "{\n"
         "\"schema\": \"chaossim/scenario/v1\",\n"
         "\"name\": \"t\",\n"
         "\"duration\": \"10s\",\n"
         "\"services\": " + services + ",\n"
         "\"clients\": " + clients + extra + "\n"
         "}\n";
}

const std::string api_line = R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}}])";

std::vector<Diagnostic> errors_of(const std::string& text) {
  auto r = load_scenario_text(text, "t.json");
  REQUIRE_FALSE(r.scenarios);
  return r.errors;
}

Diagnostic only_error(const std::vector<Diagnostic>& errors) {
  INFO([&] {
    std::string all;
    for (const auto& e : errors) all += e.format() + "\n";
    return all;
  }());
  REQUIRE(errors.size() == 1);
  return errors.front();
}

}  // namespace

TEST_CASE("the valid base scenario of these tests loads") {
  CHECK(load_scenario_text(scenario_with(api_line), "t.json").scenarios);
}

TEST_CASE("an unknown key is reported with a did-you-mean its path line and column") {
  const auto e = only_error(errors_of(scenario_with(R"([{"name": "api", "wokers": 2, "service_time": {"dist": "constant", "value": "1ms"}}])")));
  CHECK(e.path == "$.services[0].wokers");
  CHECK(e.position.line == 5);
  CHECK(e.position.column == 30);
  CHECK_THAT(e.message, Catch::Contains("unknown key \"wokers\"") && Catch::Contains("did you mean \"workers\"?"));
  CHECK_THAT(e.format(), Catch::StartsWith("t.json:5:30: error: $.services[0].wokers: "));
}

TEST_CASE("a misspelled enum value gets a did-you-mean and the list of values") {
  const auto e = only_error(errors_of(scenario_with(R"([{"name": "api", "balancer": "round-robin", "service_time": {"dist": "constant", "value": "1ms"}}])")));
  CHECK(e.path == "$.services[0].balancer");
  CHECK(e.position.line == 5);
  CHECK_THAT(e.message, Catch::Contains("found \"round-robin\"") && Catch::Contains("\"least_outstanding\"") &&
                            Catch::Contains("did you mean \"round_robin\"?"));
}

TEST_CASE("a wrong type says what was found and what was expected") {
  const auto e = only_error(errors_of(scenario_with(R"([{"name": "api", "workers": "four", "service_time": {"dist": "constant", "value": "1ms"}}])")));
  CHECK(e.path == "$.services[0].workers");
  CHECK(e.position.line == 5);
  CHECK_THAT(e.message, Catch::Contains("found the string \"four\"") && Catch::Contains("expected an integer"));
}

TEST_CASE("an out-of-range number states the allowed range") {
  const auto e = only_error(errors_of(scenario_with(R"([{"name": "api", "errors": 1.5, "service_time": {"dist": "constant", "value": "1ms"}}])")));
  CHECK(e.path == "$.services[0].errors");
  CHECK_THAT(e.message, Catch::Contains("found 1.5") && Catch::Contains("between 0 and 1"));
}

TEST_CASE("a bare number where a duration belongs asks for a unit") {
  const auto e = only_error(errors_of(scenario_with(R"([{"name": "api", "service_time": {"dist": "constant", "value": 5}}])")));
  CHECK(e.path == "$.services[0].service_time.value");
  CHECK(e.position.line == 5);
  CHECK_THAT(e.message, Catch::Contains("a bare number has no unit") && Catch::Contains("\"5s\""));
}

TEST_CASE("a call to an unknown service is a dangling reference") {
  const auto e = only_error(errors_of(scenario_with(
      R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "dbb"}]}, {"name": "db", "service_time": {"dist": "constant", "value": "1ms"}}])")));
  CHECK(e.path == "$.services[0].calls[0].service");
  CHECK(e.position.line == 5);
  CHECK_THAT(e.message, Catch::Contains("unknown service \"dbb\"") && Catch::Contains("did you mean \"db\"?"));
}

TEST_CASE("a call through an unknown pipeline is a dangling reference") {
  const auto e = only_error(errors_of(scenario_with(
      R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "db", "pipeline": "polcy"}]}, {"name": "db", "service_time": {"dist": "constant", "value": "1ms"}}])",
      ",\n\"pipelines\": {\"policy\": {\"timeout\": {\"after\": \"1s\"}}}")));
  CHECK(e.path == "$.services[0].calls[0].pipeline");
  CHECK_THAT(e.message, Catch::Contains("unknown pipeline \"polcy\"") && Catch::Contains("did you mean \"policy\"?"));
}

TEST_CASE("a cycle in the call graph is reported with the cycle") {
  const auto e = only_error(errors_of(scenario_with(
      R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "db"}]},
{"name": "db", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "api"}]}])")));
  CHECK(e.path == "$.services[1].calls[0].service");
  CHECK(e.position.line == 6);
  CHECK_THAT(e.message, Catch::Contains("cycle: api -> db -> api"));
}

TEST_CASE("duplicate service names are errors naming the first use") {
  const auto e = only_error(errors_of(scenario_with(
      R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}},
{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}}])")));
  CHECK(e.path == "$.services[1].name");
  CHECK(e.position.line == 6);
  CHECK_THAT(e.message, Catch::Contains("duplicate service name \"api\"") && Catch::Contains("$.services[0]"));
}

TEST_CASE("a key written twice in one object is an error not a silent overwrite") {
  const auto e = only_error(errors_of(scenario_with(api_line, ",\n\"seed\": 1,\n\"seed\": 2")));
  CHECK(e.path == "$.seed");
  CHECK(e.position.line == 8);
  CHECK_THAT(e.message, Catch::Contains("duplicate key \"seed\""));
}

TEST_CASE("a missing required key names the object that lacks it") {
  const auto e = only_error(errors_of(scenario_with(R"([{"name": "api"}])")));
  CHECK(e.path == "$.services[0].service_time");
  CHECK(e.position.line == 5);
  CHECK_THAT(e.message, Catch::Contains("missing required key \"service_time\""));
}

TEST_CASE("several errors are reported at once in file order") {
  const auto errors = errors_of(scenario_with(
      R"([{"name": "api", "wokers": 2, "queue": -1, "service_time": {"dist": "exponental", "mean": "1ms"}}])",
      ",\n\"warmup\": \"1x\""));
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].path == "$.services[0].wokers");
  CHECK(errors[1].path == "$.services[0].queue");
  CHECK(errors[2].path == "$.services[0].service_time.dist");
  CHECK(errors[3].path == "$.warmup");
  CHECK(errors[3].position.line == 7);
}

TEST_CASE("invalid JSON is reported at the position of the syntax error") {
  const auto e = only_error(errors_of("{\n  \"schema\": \"chaossim/scenario/v1\",\n  \"name\": \"x\"\n  \"duration\": \"1s\"\n}"));
  CHECK(e.position.line == 4);
  CHECK_THAT(e.message, Catch::Contains("invalid JSON"));
}

TEST_CASE("an error a variant introduces is located in the variant's patch") {
  const auto errors = errors_of(scenario_with(api_line, ",\n\"variants\": {\"slow\": {\"duration\": \"soon\"}}"));
  const auto e = only_error(errors);
  CHECK(e.variant == "slow");
  CHECK(e.path == "$.duration");
  CHECK(e.position.line == 7);
  CHECK_THAT(e.format(), Catch::Contains("variant \"slow\""));
}

TEST_CASE("a fault must name a known target and may only use its kind's keys") {
  const auto errors = errors_of(scenario_with(api_line,
      ",\n\"faults\": [{\"kind\": \"crash\", \"at\": \"1s\", \"for\": \"2s\", \"target\": \"apx\", \"rate\": 0.5}]"));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].path == "$.faults[0].target");
  CHECK_THAT(errors[0].message, Catch::Contains("did you mean \"api\"?"));
  CHECK(errors[1].path == "$.faults[0].rate");
  CHECK_THAT(errors[1].message, Catch::Contains("a crash fault takes target, instances"));
}

TEST_CASE("a fault must end within the run, a ramp back to full speed included, whatever its recovery") {
  const auto degradation = [](const std::string& at, const std::string& recover) {
    return scenario_with(api_line, ",\n\"faults\": [{\"kind\": \"degradation\", \"at\": \"" + at +
                                       "\", \"for\": \"4s\", \"target\": \"api\", \"speed\": {\"to\": 0.5}, \"recover\": \"" +
                                       recover + "\"}]");
  };
  // The run lasts 10 s: instant, 5 s + 4 s ends at 9 s; ramping back, at 13 s.
  CHECK(load_scenario_text(degradation("5s", "instant"), "t.json").scenarios);
  const auto ramp = only_error(errors_of(degradation("5s", "ramp")));
  CHECK(ramp.path == "$.faults[0].for");
  CHECK_THAT(ramp.message, Catch::Contains("ends at 13s (its ramp back takes another \"for\")"));
  CHECK(load_scenario_text(degradation("1s", "ramp"), "t.json").scenarios);  // back to full speed at 9 s
  const auto instant = only_error(errors_of(degradation("7s", "instant")));
  CHECK_THAT(instant.message, Catch::Contains("ends at 11s, after the run's duration of 10s"));
}

TEST_CASE("a hand-read pattern's rules come from its config's validate, at the key at fault") {
  const auto e = only_error(errors_of(scenario_with(api_line,
      ",\n\"pipelines\": {\"p\": {\"retry\": {\"backoff\": {\"kind\": \"exponential\", \"initial\": \"2s\", \"max\": \"1s\"}}}}")));
  CHECK(e.path == "$.pipelines.p.retry.backoff.max");
  CHECK(e.position.line == 7);
  CHECK(e.message == "found max 1s below initial 2s, expected max >= initial");
}

TEST_CASE("a missing file is reported not thrown") {
  const auto r = load_scenario_file("/nonexistent/x.json");
  REQUIRE(r.errors.size() == 1);
  CHECK_THAT(r.errors[0].format(), Catch::StartsWith("/nonexistent/x.json:1:1: error: $: cannot open"));
}

TEST_CASE("truncated and garbled files never crash the loader") {
  const auto r = load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/payment-partition.json");
  REQUIRE(r.scenarios);
  std::string text;
  {
    std::FILE* f = std::fopen(CHAOSSIM_SOURCE_DIR "/scenarios/examples/payment-partition.json", "rb");
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
  }
  // Cut the file everywhere, and swap characters for others, one at a time.
  for (std::size_t cut = 0; cut < text.size(); cut += 7) {
    auto truncated = load_scenario_text(text.substr(0, cut), "cut.json");
    CHECK_FALSE(truncated.scenarios);
    CHECK_FALSE(truncated.errors.empty());
    std::string garbled = text;
    garbled[cut] = "0\"{}[]:,x-"[cut % 10];
    auto g = load_scenario_text(garbled, "garbled.json");
    CHECK((g.scenarios.has_value() || !g.errors.empty()));
  }
}

namespace {
std::string with_limiter(const std::string& limiter) {
  return scenario_with(api_line, ",\n\"pipelines\": {\"guard\": {\"adaptive_concurrency\": " + limiter + "}}",
                       R"([{"name": "users", "target": "api", "pipeline": "guard", "arrival": {"process": "poisson", "rate": "10/s"}}])");
}
}  // namespace

TEST_CASE("a pattern read from its described fields keeps defaults for the keys it lacks") {
  const auto loaded = load_scenario_text(with_limiter(R"({"max_limit": 50, "latency_threshold": "250ms"})"), "t.json");
  REQUIRE(loaded.scenarios);
  const auto& limiter = *loaded.scenarios->base.pipelines.at("guard").adaptive_concurrency;
  CHECK(limiter.max_limit == 50);
  CHECK(limiter.latency_threshold_s == Approx(0.25));
  CHECK(limiter.initial_limit == chaossim::patterns::AdaptiveConcurrencyConfig::default_initial_limit);
  CHECK(limiter.backoff_ratio == chaossim::patterns::AdaptiveConcurrencyConfig::default_backoff_ratio);
}

TEST_CASE("a described pattern's unknown key gets a did-you-mean from its own fields") {
  const auto e = only_error(errors_of(with_limiter(R"({"max_limt": 50})")));
  CHECK(e.path == "$.pipelines.guard.adaptive_concurrency.max_limt");
  CHECK(e.position.line == 7);
  CHECK_THAT(e.message, Catch::Contains("did you mean \"max_limit\"?"));
}

TEST_CASE("a described pattern's rules come from its validate and point at the key at fault") {
  const auto e = only_error(errors_of(with_limiter(R"({"initial_limit": 300})")));
  CHECK(e.path == "$.pipelines.guard.adaptive_concurrency.initial_limit");
  CHECK(e.position.line == 7);
  CHECK(e.message == "found 300, expected between min_limit 1 and max_limit 200");
  const auto both = errors_of(with_limiter(R"({"min_limit": 10, "initial_limit": 10, "max_limit": 5})"));
  REQUIRE(both.size() == 2);  // max below min, and so initial above max; in file order
  CHECK(both[0].path == "$.pipelines.guard.adaptive_concurrency.initial_limit");
  CHECK(both[1].path == "$.pipelines.guard.adaptive_concurrency.max_limit");
  CHECK_THAT(both[1].message, Catch::Contains("found 5 below min_limit 10"));
  const auto ratio = only_error(errors_of(with_limiter(R"({"backoff_ratio": 1.5})")));
  CHECK(ratio.path == "$.pipelines.guard.adaptive_concurrency.backoff_ratio");
  const auto type = only_error(errors_of(with_limiter(R"({"latency_threshold": 5})")));
  CHECK(type.path == "$.pipelines.guard.adaptive_concurrency.latency_threshold");
  CHECK_THAT(type.message, Catch::Contains("unit"));
}

TEST_CASE("a fallback service's pipeline must exist, may not itself fall back to a service, and only a service takes one") {
  const std::string two = R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}},
                              {"name": "backup", "service_time": {"dist": "constant", "value": "1ms"}}])";
  const auto with = [&](const std::string& pipelines) { return scenario_with(two, ",\n\"pipelines\": " + pipelines); };
  auto e = only_error(errors_of(with(R"({"p": {"fallback": {"service": "backup", "pipeline": "fb"}}})")));
  CHECK(e.path == "$.pipelines.p.fallback.pipeline");
  CHECK_THAT(e.message, Catch::Contains("unknown pipeline \"fb\""));
  e = only_error(errors_of(with(R"({"p": {"fallback": {"service": "backup", "pipeline": "p"}}})")));
  CHECK(e.path == "$.pipelines.p.fallback.pipeline");
  CHECK_THAT(e.message, Catch::Contains("falls back to service \"backup\""));
  e = only_error(errors_of(with(R"({"p": {"fallback": [{"value": "x", "pipeline": "p"}]}})")));
  CHECK(e.path == "$.pipelines.p.fallback[0].pipeline");
  CHECK_THAT(e.message, Catch::Contains("only a fallback to a service"));
  CHECK(load_scenario_text(with(R"({"p": {"fallback": {"service": "backup", "pipeline": "fb"}}, "fb": {"timeout": {"after": "50ms"}}})"),
                           "t.json")
            .scenarios);
}

namespace {
std::string api_with_admission(const std::string& admission) {
  return scenario_with(R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"},
  "admission": )" + admission + "}]");
}
}  // namespace

TEST_CASE("a server's admission names the key at fault, nested keys included") {
  const auto empty = only_error(errors_of(api_with_admission("{}")));
  CHECK(empty.path == "$.services[0].admission");
  CHECK(empty.position.line == 6);
  CHECK_THAT(empty.message, Catch::Contains("sheds nothing, expected at least one of rate_limit, max_concurrent, queue_delay"));
  const auto cap = only_error(errors_of(api_with_admission(R"({"max_concurrent": 0})")));
  CHECK(cap.path == "$.services[0].admission.max_concurrent");
  const auto target = only_error(errors_of(api_with_admission(R"({"queue_delay": {"target": "0ms"}})")));
  CHECK(target.path == "$.services[0].admission.queue_delay.target");
  const auto typo = only_error(errors_of(api_with_admission(R"({"queue_delay": {"tagret": "5ms"}})")));
  CHECK(typo.path == "$.services[0].admission.queue_delay.tagret");
  CHECK_THAT(typo.message, Catch::Contains("target"));
  const auto hint = only_error(errors_of(api_with_admission(R"({"max_concurrent": 5, "retry_after": "rate_limit"})")));
  CHECK(hint.path == "$.services[0].admission.retry_after");
  CHECK_THAT(hint.message, Catch::Contains("without a rate_limit"));
  const auto soon = only_error(errors_of(api_with_admission(R"({"max_concurrent": 5, "retry_after": "soon"})")));
  CHECK(soon.path == "$.services[0].admission.retry_after");
  const auto leaky = only_error(errors_of(api_with_admission(R"({"rate_limit": {"kind": "leaky_bucket", "rate": "5/s", "capacity": 2, "burst": 3}})")));
  CHECK(leaky.path == "$.services[0].admission.rate_limit.burst");
  CHECK_THAT(leaky.message, Catch::Contains("\"capacity\""));
  const auto counter = only_error(errors_of(api_with_admission(R"({"rate_limit": {"kind": "sliding_window_counter", "limit": 5}})")));
  CHECK(counter.path == "$.services[0].admission.rate_limit.window");
  CHECK_THAT(counter.message, Catch::Contains("window"));
}

TEST_CASE("a queue takes no admission, and an endpoint's is read at its own path") {
  const auto queue = errors_of(scenario_with(R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}},
  {"name": "q", "kind": "queue", "capacity": 10, "consumers": [{"service": "api"}], "admission": {"max_concurrent": 1}}])",
                                             "", R"([{"name": "users", "target": "q", "arrival": {"process": "poisson", "rate": "10/s"}}])"));
  CHECK(only_error(queue).path == "$.services[1].admission");
  const auto endpoint = only_error(errors_of(scenario_with(R"([{"name": "api", "endpoints": [
  {"name": "get", "service_time": {"dist": "constant", "value": "1ms"}, "admission": {"max_concurrent": -1}}]}])",
                                                           "", R"([{"name": "users", "target": "api", "endpoint": "get", "arrival": {"process": "poisson", "rate": "10/s"}}])")));
  CHECK(endpoint.path == "$.services[0].endpoints[0].admission.max_concurrent");
  // A cap counts what an instance holds of every endpoint: it is the service's.
  const auto cap = only_error(errors_of(scenario_with(R"([{"name": "api", "endpoints": [
  {"name": "get", "service_time": {"dist": "constant", "value": "1ms"}, "admission": {"max_concurrent": 5}}]}])",
                                                      "", R"([{"name": "users", "target": "api", "endpoint": "get", "arrival": {"process": "poisson", "rate": "10/s"}}])")));
  CHECK(cap.path == "$.services[0].endpoints[0].admission.max_concurrent");
  CHECK_THAT(cap.message, Catch::Contains("in the service's admission"));
}

TEST_CASE("priorities are named classes, and an admission's shares are checked class by class") {
  const auto client = only_error(errors_of(scenario_with(api_line, "",
      R"([{"name": "users", "target": "api", "priority": "shedable", "arrival": {"process": "poisson", "rate": "10/s"}}])")));
  CHECK(client.path == "$.clients[0].priority");
  CHECK_THAT(client.message, Catch::Contains("sheddable"));
  const auto shares = only_error(errors_of(api_with_admission(R"({"max_concurrent": 4, "priority_shares": {"sheddable": 0.9}})")));
  CHECK(shares.path == "$.services[0].admission.priority_shares.sheddable");
  CHECK_THAT(shares.message, Catch::Contains("above sheddable_plus's 0.75"));
  const auto zero = only_error(errors_of(api_with_admission(R"({"max_concurrent": 4, "priority_shares": {"critical": 0}})")));
  CHECK(zero.path == "$.services[0].admission.priority_shares.critical");
  const auto per_endpoint = only_error(errors_of(scenario_with(R"([{"name": "api", "priority": "critical", "endpoints": [
  {"name": "get", "service_time": {"dist": "constant", "value": "1ms"}}]}])", "",
      R"([{"name": "users", "target": "api", "endpoint": "get", "arrival": {"process": "poisson", "rate": "10/s"}}])")));
  CHECK(per_endpoint.path == "$.services[0].priority");
  CHECK_THAT(per_endpoint.message, Catch::Contains("per endpoint"));
}

namespace {
std::string pooled_service(const std::string& pools, const std::string& extra = "") {
  return scenario_with(R"([{"name": "api", )" + extra + R"("endpoints": [
  {"name": "a", "service_time": {"dist": "constant", "value": "1ms"}},
  {"name": "b", "service_time": {"dist": "constant", "value": "1ms"}}],
  "worker_pools": )" + pools + "}]",
                       "", R"([{"name": "users", "target": "api", "endpoint": "a", "arrival": {"process": "poisson", "rate": "10/s"}}])");
}
}  // namespace

TEST_CASE("worker pools name the pool and key at fault, and every endpoint must be in exactly one pool") {
  const auto unknown = only_error(errors_of(pooled_service(R"({"pools": [{"name": "p", "endpoints": ["a", "b", "c"], "capacity": 2}]})")));
  CHECK(unknown.path == "$.services[0].worker_pools.pools[0].endpoints[2]");
  CHECK_THAT(unknown.message, Catch::Contains("one of service \"api\"'s endpoints"));
  const auto missing = only_error(errors_of(pooled_service(R"({"pools": [{"name": "p", "endpoints": ["a"], "capacity": 2}]})")));
  CHECK(missing.path == "$.services[0].worker_pools.pools");
  CHECK_THAT(missing.message, Catch::Contains("no pool for endpoint \"b\""));
  const auto twice = only_error(errors_of(pooled_service(
      R"({"pools": [{"name": "p", "endpoints": ["a", "b"], "capacity": 2}, {"name": "q", "endpoints": ["a"], "capacity": 1}]})")));
  CHECK(twice.path == "$.services[0].worker_pools.pools[1].endpoints[0]");
  CHECK_THAT(twice.message, Catch::Contains("it is in \"p\""));
  const auto borrow = only_error(errors_of(pooled_service(
      R"({"flex": 1, "pools": [{"name": "p", "endpoints": ["a", "b"], "capacity": 3, "reserved": 1}]})")));
  CHECK(borrow.path == "$.services[0].worker_pools.pools[0].max_borrow");
  CHECK_THAT(borrow.message, Catch::Contains("at most the flex workers (1)"));
  const auto workers = only_error(errors_of(pooled_service(R"({"pools": [{"name": "p", "endpoints": ["a", "b"], "capacity": 2}]})",
                                                           R"("workers": 5, )")));
  CHECK(workers.path == "$.services[0].workers");
  CHECK_THAT(workers.message, Catch::Contains("expected the pools' reserved workers and the flex ones: 2"));
  const auto queue = only_error(errors_of(pooled_service(R"({"pools": [{"name": "p", "endpoints": ["a", "b"], "capacity": 2}]})",
                                                         R"("queue": 5, )")));
  CHECK(queue.path == "$.services[0].queue");
  const auto no_endpoints = errors_of(scenario_with(R"([{"name": "api", "service_time": {"dist": "constant", "value": "1ms"},
  "worker_pools": {"pools": [{"name": "p", "endpoints": ["x"], "capacity": 1}]}}])"));
  CHECK(std::any_of(no_endpoints.begin(), no_endpoints.end(), [](const Diagnostic& e) {
    return e.path == "$.services[0].worker_pools.pools" && e.message.find("a service without endpoints") != std::string::npos;
  }));
}
