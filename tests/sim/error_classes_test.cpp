// Error classes: a client error (like HTTP's 4xx) is not retried and does not
// trip a circuit breaker unless asked; a server error (5xx) is both.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// c -> api (through `pipeline`, if any) -> nothing; `errors` as the service writes it; `extra` top-level keys.
std::string with_errors(const std::string& errors, const std::string& pipeline = "", const std::string& extra = "") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "classes", "seed": 6, "duration": "60s", {}
    {}
    "services": [{{"name": "api", "workers": 100, "errors": {}, "service_time": {{"dist": "constant", "value": "2ms"}}}}],
    "clients": [{{"name": "c", "target": "api", {} "arrival": {{"process": "poisson", "rate": "200/s"}}}}]}})",
                     extra, pipeline.empty() ? "" : R"("pipelines": {"p": )" + pipeline + "},", errors,
                     pipeline.empty() ? "" : R"("pipeline": "p",)");
}

const std::string retry3 = R"({"retry": {"max_attempts": 3, "backoff": {"kind": "fixed", "initial": "1ms"}}})";
const std::string breaker = R"({"circuit_breaker": {"window": {"kind": "count", "size": 20}, "minimum_calls": 10, "failure_rate": 0.5, "open_for": "5s"}})";
const std::string breaker_recording_client =
    R"({"circuit_breaker": {"window": {"kind": "count", "size": 20}, "minimum_calls": 10, "failure_rate": 0.5, "open_for": "5s", "record": ["error", "client_error"]}})";

}  // namespace

TEST_CASE("a service's client errors fail that fraction of the requests its server errors spared") {
  const auto v = testing::run_all(testing::load_text(with_errors(R"({"server": 0.1, "client": 0.2})")))[0];
  const double n = static_cast<double>(v.clients[0].requests);
  const double p = 0.1 + 0.9 * 0.2;
  CHECK(std::abs((1 - v.clients[0].availability) - p) < 4 * std::sqrt(p * (1 - p) / n));
}

TEST_CASE("a client error is not retried, a server error is") {
  const auto client = testing::run_all(testing::load_text(with_errors(R"({"client": 0.5})", retry3)))[0];
  CHECK(client.edges[0].retries == 0);
  CHECK(client.edges[0].attempts <= client.edges[0].attempted + 2);  // one attempt a call (a last one may be in flight)
  const auto server = testing::run_all(testing::load_text(with_errors("0.5", retry3)))[0];
  // Each call is tried until it succeeds, 3 times at most: 1 + 0.5 + 0.25 attempts a call.
  CHECK(server.edges[0].attempts_per_call == Approx(1.75).epsilon(0.03));
  // Asked to, it retries client errors too.
  const auto asked = testing::run_all(testing::load_text(with_errors(
      R"({"client": 0.5})", R"({"retry": {"max_attempts": 3, "backoff": {"kind": "fixed", "initial": "1ms"}, "retry_on": ["error", "client_error"]}})")))[0];
  CHECK(asked.edges[0].attempts_per_call == Approx(1.75).epsilon(0.03));
}

TEST_CASE("client errors do not trip a breaker unless it records them") {
  const auto quiet = testing::run_all(testing::load_text(with_errors(R"({"client": 0.9})", breaker)))[0];
  CHECK(quiet.edges[0].circuit_open_s == 0);
  CHECK(quiet.edges[0].rejected_by[patterns::PatternKind::circuit_breaker] == 0);
  const auto recording = testing::run_all(testing::load_text(with_errors(R"({"client": 0.9})", breaker_recording_client)))[0];
  CHECK(recording.edges[0].circuit_open_s > 10);
  const auto server = testing::run_all(testing::load_text(with_errors("0.9", breaker)))[0];
  CHECK(server.edges[0].circuit_open_s > 10);
}

TEST_CASE("an error fault of class client fails requests without tripping the breaker") {
  const auto v = testing::run_all(testing::load_text(with_errors(
      "0", breaker, R"("faults": [{"kind": "errors", "at": "10s", "for": "20s", "target": "api", "rate": 1.0, "class": "client"}],)")))[0];
  CHECK(v.clients[0].availability < 0.7);
  CHECK(v.edges[0].circuit_open_s == 0);
}

TEST_CASE("client_error in retry_on needs error, and a breaker records at least one outcome") {
  const auto error_of = [](const std::string& text) {
    auto r = scenarios::load_scenario_text(text, "t.json");
    REQUIRE(r.errors.size() == 1);
    return r.errors.front();
  };
  auto e = error_of(with_errors("0", R"({"retry": {"retry_on": ["client_error"]}})"));
  CHECK(e.path == "$.pipelines.p.retry.retry_on");
  CHECK_THAT(e.message, Catch::Contains("without \"error\""));
  e = error_of(with_errors("0", R"({"circuit_breaker": {"record": []}})"));
  CHECK(e.path == "$.pipelines.p.circuit_breaker.record");
  e = error_of(with_errors(R"({"clinet": 0.1})"));
  CHECK(e.path == "$.services[0].errors.clinet");
  e = error_of(with_errors("0", "", R"("faults": [{"kind": "errors", "at": "1s", "for": "1s", "target": "api", "rate": 0.5, "class": "user"}],)"));
  CHECK(e.path == "$.faults[0].class");
}
