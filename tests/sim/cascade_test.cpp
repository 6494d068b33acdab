// A slow dependency with no resilience patterns: its caller's workers wait on
// it, so the caller slows down and, past the dependency's saturation, the
// caller's queue fills and it rejects. Nothing in the model scripts this.
#include <catch2/catch.hpp>

#include "tests/test_support.hpp"

using namespace chaossim;

TEST_CASE("a slow dependency slows its caller and past saturation fills the caller's queue") {
  const auto set = testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "cascade", "seed": 3,
    "duration": "60s", "warmup": "5s", "replications": 2,
    "network": {"latency": "1ms"},
    "services": [
      {"name": "gateway", "workers": 20, "queue": 100, "service_time": {"dist": "constant", "value": "1ms"},
       "calls": [{"service": "db"}]},
      {"name": "db", "workers": 4, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "users", "target": "gateway", "arrival": {"process": "poisson", "rate": "300/s"}}],
    "variants": {
      "slower": {"services": [
        {"name": "gateway", "workers": 20, "queue": 100, "service_time": {"dist": "constant", "value": "1ms"},
         "calls": [{"service": "db"}]},
        {"name": "db", "workers": 4, "service_time": {"dist": "exponential", "mean": "12ms"}}]},
      "saturated": {"services": [
        {"name": "gateway", "workers": 20, "queue": 100, "service_time": {"dist": "constant", "value": "1ms"},
         "calls": [{"service": "db"}]},
        {"name": "db", "workers": 4, "service_time": {"dist": "exponential", "mean": "16ms"}}]}}})");
  const auto runs = testing::run_all(set);
  REQUIRE(runs.size() == 3);
  const auto& base = runs[0];
  const auto& slower = runs[1];
  const auto& saturated = runs[2];
  const auto gateway = [](const reports::VariantSummary& v) { return v.services[0]; };
  const auto db = [](const reports::VariantSummary& v) { return v.services[1]; };

  // Below saturation (db at 75% and 90%), everyone is served, but slower.
  CHECK(base.clients[0].availability == 1.0);
  CHECK(slower.clients[0].availability == 1.0);
  CHECK(gateway(slower).latency.mean_ms > gateway(base).latency.mean_ms * 1.5);
  // The gateway's own work is 1 ms; its workers are busy waiting on db.
  CHECK(gateway(slower).utilization > gateway(base).utilization * 1.5);
  CHECK(gateway(base).rejected == 0);
  CHECK(gateway(slower).rejected == 0);

  // Past saturation (db asked for 120% of its capacity), the gateway's workers
  // all hang on db, its queue fills and it turns requests away.
  CHECK(db(saturated).utilization > 0.99);
  CHECK(gateway(saturated).utilization > 0.99);
  CHECK(gateway(saturated).mean_queue > 50);
  CHECK(gateway(saturated).rejected > 1000);
  CHECK(saturated.clients[0].availability < 0.95);
  // The throughput that gets through is db's capacity, 4 / 16 ms = 250/s.
  CHECK(saturated.clients[0].goodput_rps == Approx(250).epsilon(0.03));
}
