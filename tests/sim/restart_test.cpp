// An instance coming back from a crash: its process starts for `startup`,
// refusing connections, then works slower, easing to full speed over
// `warmup`. One instance, constant arrivals and service times, no network
// delay: every figure is exact.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

reports::VariantSummary crashed_at_10_for_10(const std::string& mode, const std::string& rate, const std::string& service_ms,
                                             const std::string& restart) {
  const auto text = fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "restart", "seed": 3, "duration": "60s",
    "network": {{"latency": "0ms"}},
    "services": [{{"name": "api", "workers": 100 {}, "service_time": {{"dist": "constant", "value": "{}"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "{}"}}}}],
    "faults": [{{"kind": "crash", "at": "10s", "for": "10s", "target": "api", "mode": "{}"}}]}})",
                                restart, service_ms, rate, mode);
  return testing::run_all(testing::load_text(text))[0];
}

}  // namespace

TEST_CASE("a restarted instance refuses its callers while its process starts") {
  for (const std::string mode : {"refuse", "blackhole"}) {
    INFO(mode);
    const auto at_once = crashed_at_10_for_10(mode, "100/s", "1ms", "");
    const auto starting = crashed_at_10_for_10(mode, "100/s", "1ms", R"(, "restart": {"startup": "5s"})");
    // 100 a second: the 10 s crash fails 1,000 calls, 5 s more of starting 500 more.
    CHECK(at_once.clients[0].failures == Approx(1000).margin(2));
    CHECK(starting.clients[0].failures == Approx(1500).margin(2));
    const auto& series = starting.client_series[0];
    for (std::size_t k = 21; k < 25; ++k) CHECK(series.failures[k] == 100);
    for (std::size_t k = 26; k < 60; ++k) CHECK(series.failures[k] == 0);
    for (std::size_t k = 0; k < 10; ++k) CHECK(series.failures[k] == 0);
  }
}

TEST_CASE("a restarted instance warms up: its work goes slowdown times slower, easing linearly to nominal") {
  for (const std::string mode : {"refuse", "blackhole"}) {
    INFO(mode);
    const auto v = crashed_at_10_for_10(mode, "10/s", "10ms", R"(, "restart": {"warmup": {"duration": "20s", "slowdown": 3}})");
    const auto& mean_ms = v.client_series[0].mean_ms;
    // Calls at a + 0.0, 0.1, ..., 0.9 s after the restart at 20 s take
    // 10 ms x (1 + 2 (1 - age / 20)): a mean age of a + 0.45 in the second.
    const auto expected = [](double a) { return 10 * (1 + 2 * (1 - (a + 0.45) / 20)); };
    REQUIRE(mean_ms[5]);
    CHECK(*mean_ms[5] == Approx(10).epsilon(1e-6));
    REQUIRE(mean_ms[21]);
    CHECK(*mean_ms[21] == Approx(expected(1)).epsilon(1e-6));
    REQUIRE(mean_ms[31]);
    CHECK(*mean_ms[31] == Approx(expected(11)).epsilon(1e-6));
    REQUIRE(mean_ms[45]);
    CHECK(*mean_ms[45] == Approx(10).epsilon(1e-6));
  }
}

TEST_CASE("restart takes what it is said to") {
  const auto with = [](const std::string& extra) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "e", "duration": "1s",
      "services": [{{"name": "api" {}, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "poisson", "rate": "1/s"}}}}]}})",
                       extra);
  };
  CHECK(testing::load_errors(with(R"(, "restart": {"startup": "20s", "warmup": {"duration": "2m", "slowdown": 3}})")).empty());
  CHECK_THAT(testing::load_errors(with(R"(, "restart": {"startup": "-1s"})")), Catch::Contains("$.services[0].restart.startup"));
  CHECK_THAT(testing::load_errors(with(R"(, "restart": {"warmup": {"duration": "10s"}})")),
             Catch::Contains("$.services[0].restart.warmup.slowdown"));
  CHECK_THAT(testing::load_errors(with(R"(, "restart": {"warmup": {"duration": "10s", "slowdown": 0.5}})")),
             Catch::Contains("$.services[0].restart.warmup.slowdown"));
  CHECK_THAT(testing::load_errors(with(R"(, "restart": {"jit": "10s"})")), Catch::Contains("$.services[0].restart.jit"));
  const auto queue = R"({"schema": "chaossim/scenario/v1", "name": "q", "duration": "1s",
    "services": [{"name": "q", "kind": "queue", "capacity": 10, "restart": {"startup": "1s"}, "consumers": [{"service": "w"}]},
                 {"name": "w", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "q", "arrival": {"process": "poisson", "rate": "1/s"}}]})";
  CHECK_THAT(testing::load_errors(queue), Catch::Contains("$.services[0].restart"));
}
