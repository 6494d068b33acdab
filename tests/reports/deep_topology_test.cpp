// Topologies far deeper than anyone draws (a call chain of 10,000 services):
// every step over them is linear. A quadratic or cubic one would not finish
// within the suite's time, which is how these tests fail.
#include <catch2/catch.hpp>

#include <string>

#include "scenarios/loader.hpp"
#include "sim/edges.hpp"
#include "sim/fault_scope.hpp"

using namespace chaossim;

namespace {

std::string chain(int n) {
  std::string services;
  for (int i = 0; i < n; ++i) {
    services += (i == 0 ? "" : ",") + std::string(R"({"name": "s)") + std::to_string(i) +
                R"(", "service_time": {"dist": "constant", "value": "1ms"})";
    if (i + 1 < n) services += R"(, "calls": [{"service": "s)" + std::to_string(i + 1) + R"("}])";
    services += "}";
  }
  return R"({"schema": "chaossim/scenario/v1", "name": "chain", "duration": "5s", "services": [)" + services +
         R"(], "clients": [{"name": "c", "target": "s0", "arrival": {"process": "poisson", "rate": "1/s"}}],
         "faults": [{"kind": "crash", "at": "1s", "for": "1s", "target": "s)" + std::to_string(n - 1) + R"("},
                    {"kind": "overload", "at": "2s", "for": "1s", "client": "c", "multiplier": 2}]})";
}

}  // namespace

TEST_CASE("a call chain of 10,000 services loads, and a fault at its end is seen from every edge above it") {
  const auto loaded = scenarios::load_scenario_text(chain(10000), "chain.json");
  REQUIRE(loaded.scenarios);
  const auto& s = loaded.scenarios->base;
  const auto edges = sim::edge_list(s);
  REQUIRE(edges.size() == 10000);  // the client's, and 9,999 calls
  const auto scopes = sim::fault_scopes(s, sim::fault_timeline(s, 1), edges);
  REQUIRE(scopes.size() == 2);
  for (std::size_t e = 0; e < edges.size(); ++e) {
    CHECK(scopes[0][e] == 1);  // the crash at the end: every edge reaches it
    CHECK(scopes[1][e] == 1);  // the client's overload: everything downstream of it
  }
}
