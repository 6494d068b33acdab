// Endpoints: operations of one service on its shared workers and queue. Two
// endpoints of constant service times S1, S2 fed by Poisson streams are an
// M/G/1 queue whose service time is S1 or S2 by the arriving stream: every
// request waits the Pollaczek-Khinchine mean, W = lambda E[S^2] / (2 (1 - rho)),
// whichever endpoint it is for, so the cheap endpoint pays for the expensive
// one's load. Held within the 99% Student-t interval of the replications.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

std::vector<scenarios::Diagnostic> load_errors(const std::string& services, const std::string& client_extra = "") {
  const auto loaded = scenarios::load_scenario_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "10s",
    "services": [{}],
    "clients": [{{"name": "c", "target": "api", {} "arrival": {{"process": "poisson", "rate": "1/s"}}}}]}})",
                                                                services, client_extra),
                                                    "e.json");
  return loaded.errors;
}

const char* two_endpoints = R"({"name": "api", "endpoints": [
    {"name": "GET /status", "service_time": {"dist": "constant", "value": "1ms"}},
    {"name": "POST /checkout", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "db"}]}]},
  {"name": "db", "service_time": {"dist": "constant", "value": "1ms"}})";

}  // namespace

TEST_CASE("two endpoints share one worker: each waits the M/G/1 mean of their mix") {
  const double status_rate = 100, checkout_rate = 70, status_s = 0.001, checkout_s = 0.010;
  const auto set = testing::load_text(fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "mg1", "seed": 9,
    "duration": "220s", "warmup": "20s", "replications": 10, "network": {{"latency": "0ms"}},
    "services": [{{"name": "api", "workers": 1, "endpoints": [
      {{"name": "status", "service_time": {{"dist": "constant", "value": "{}ms"}}}},
      {{"name": "checkout", "service_time": {{"dist": "constant", "value": "{}ms"}}}}]}}],
    "clients": [
      {{"name": "monitor", "target": "api", "endpoint": "status", "arrival": {{"process": "poisson", "rate": "{}/s"}}}},
      {{"name": "shoppers", "target": "api", "endpoint": "checkout", "arrival": {{"process": "poisson", "rate": "{}/s"}}}}]}})",
                                                  status_s * 1000, checkout_s * 1000, status_rate, checkout_rate));
  const double lambda = status_rate + checkout_rate;
  const double rho = status_rate * status_s + checkout_rate * checkout_s;
  const double second_moment = (status_rate * status_s * status_s + checkout_rate * checkout_s * checkout_s) / lambda;
  const double wait = lambda * second_moment / (2 * (1 - rho));
  std::vector<double> status_ms, checkout_ms, utilization, status_share;
  for (const auto& r : testing::run_each_replication(set)) {
    const auto& api = r.services[0];
    REQUIRE(api.endpoints.size() == 2);
    status_ms.push_back(api.endpoints[0].latency.mean_ms);
    checkout_ms.push_back(api.endpoints[1].latency.mean_ms);
    utilization.push_back(api.utilization);
    CHECK(api.endpoints[0].requests + api.endpoints[1].requests == api.requests);
    CHECK(api.endpoints[0].successes + api.endpoints[1].successes == api.successes);
  }
  testing::check_within_ci99(status_ms, (wait + status_s) * 1000);
  testing::check_within_ci99(checkout_ms, (wait + checkout_s) * 1000);
  testing::check_within_ci99(utilization, rho);
}

TEST_CASE("each endpoint has its own errors and calls, and edges name their endpoints") {
  const auto v = testing::run_all(testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "e", "seed": 4, "duration": "60s",
    "services": [
      {"name": "api", "workers": 100, "endpoints": [
        {"name": "read", "service_time": {"dist": "constant", "value": "1ms"}, "errors": 0.2},
        {"name": "write", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "db", "endpoint": "insert"}]}]},
      {"name": "db", "workers": 100, "endpoints": [
        {"name": "select", "service_time": {"dist": "constant", "value": "1ms"}},
        {"name": "insert", "service_time": {"dist": "constant", "value": "2ms"}}]}],
    "clients": [
      {"name": "readers", "target": "api", "endpoint": "read", "arrival": {"process": "poisson", "rate": "200/s"}},
      {"name": "writers", "target": "api", "endpoint": "write", "arrival": {"process": "poisson", "rate": "50/s"}}]})"))[0];
  const auto& api = v.services[0];
  const auto& db = v.services[1];
  const auto& read = api.endpoints[0];
  const auto& write = api.endpoints[1];
  const double n = static_cast<double>(read.requests);
  CHECK(std::abs(static_cast<double>(read.failures) / n - 0.2) < 4 * std::sqrt(0.2 * 0.8 / n));
  CHECK(write.failures == 0);
  // Only writes call the database, and only its insert endpoint.
  CHECK(db.endpoints[1].requests == db.requests);
  CHECK(db.endpoints[0].requests == 0);
  CHECK(db.requests >= write.requests - 2);
  CHECK(db.requests <= write.requests + 2);
  REQUIRE(v.edges.size() == 3);
  CHECK(v.edges[2].info.from_endpoint_name == "write");
  CHECK(v.edges[2].info.to_endpoint_name == "insert");
  CHECK(sim::edge_subject(v.edges[2].info) == "api/write->db/insert");
  CHECK(sim::edge_subject(v.edges[0].info) == "readers->api/read");
  CHECK(db.endpoints[1].latency.mean_ms == Approx(2.0));
}

TEST_CASE("endpoint mistakes name their place and what was expected") {
  // A call to a service with endpoints must name one of them.
  auto errors = load_errors(two_endpoints);
  CHECK(testing::mentions(errors, "$.clients[0]", "without \"endpoint\", expected one of its endpoints: \"GET /status\", \"POST /checkout\""));
  errors = load_errors(two_endpoints, R"("endpoint": "POST /chekout",)");
  CHECK(testing::mentions(errors, "$.clients[0].endpoint", "did you mean \"POST /checkout\""));
  // A service without endpoints has none to name.
  errors = load_errors(R"({"name": "api", "service_time": {"dist": "constant", "value": "1ms"}})", R"("endpoint": "x",)");
  CHECK(testing::mentions(errors, "$.clients[0].endpoint", "which has no endpoints"));
  // Work is written per endpoint, not beside them.
  errors = load_errors(R"({"name": "api", "service_time": {"dist": "constant", "value": "1ms"},
                           "endpoints": [{"name": "a", "service_time": {"dist": "constant", "value": "1ms"}}]})",
                       R"("endpoint": "a",)");
  CHECK(testing::mentions(errors, "$.services[0].service_time", "a service with endpoints has them per endpoint"));
  errors = load_errors(R"({"name": "api", "endpoints": [{"name": "a", "service_time": {"dist": "constant", "value": "1ms"}},
                                                         {"name": "a", "service_time": {"dist": "constant", "value": "1ms"}}]})",
                       R"("endpoint": "a",)");
  CHECK(testing::mentions(errors, "$.services[0].endpoints[1].name", "duplicate endpoint name \"a\""));
  errors = load_errors(R"({"name": "api", "endpoints": []})");
  CHECK(testing::mentions(errors, "$.services[0].endpoints", "expected an array of 1 to 1,000 endpoints"));
  // A call names its place inside its endpoint.
  errors = load_errors(R"({"name": "api", "endpoints": [{"name": "a", "service_time": {"dist": "constant", "value": "1ms"},
                                                          "calls": [{"service": "nowhere"}]}]})",
                       R"("endpoint": "a",)");
  CHECK(testing::mentions(errors, "$.services[0].endpoints[0].calls[0].service", "unknown service \"nowhere\""));
}

TEST_CASE("an endpoint may call another of its own service, a cycle of endpoints is refused") {
  const std::string body = R"({"name": "api", "endpoints": [
      {"name": "a", "service_time": {"dist": "constant", "value": "1ms"}, "calls": [{"service": "api", "endpoint": "b"}]},
      {"name": "b", "service_time": {"dist": "constant", "value": "1ms"}%s}]})";
  const auto with = [&](const std::string& b_calls) {
    std::string text = body;
    text.replace(text.find("%s"), 2, b_calls);
    return text;
  };
  CHECK(load_errors(with(""), R"("endpoint": "a",)").empty());
  const auto errors = load_errors(with(R"(, "calls": [{"service": "api", "endpoint": "a"}])"), R"("endpoint": "a",)");
  CHECK(testing::mentions(errors, "$.services[0].endpoints[1].calls[0].service", "the call graph has a cycle: api/a -> api/b -> api/a"));
}
