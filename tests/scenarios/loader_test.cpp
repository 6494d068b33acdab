#include <filesystem>

#include <catch2/catch.hpp>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim::scenarios;

TEST_CASE("every example scenario loads with all its variants") {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CHAOSSIM_SOURCE_DIR "/scenarios/examples")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const auto r = load_scenario_file(entry.path().string());
    std::string all;
    for (const auto& e : r.errors) all += e.format() + "\n";
    INFO(all);
    CHECK(r.scenarios);
  }
  CHECK(files >= 3);
}

TEST_CASE("defaults fill what a scenario leaves out") {
  const auto set = chaossim::testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "d", "duration": "1m",
    "services": [{"name": "api", "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "50000/min"}}]})");
  const Scenario& s = set.base;
  CHECK(s.seed == 1);
  CHECK(s.duration_s == 60);
  CHECK(s.warmup_s == 0);
  CHECK(s.replications == 1);
  CHECK(s.bucket_s == 1);
  CHECK(s.network.model == NetworkModel::constant);
  CHECK(s.services[0].instances == 1);
  CHECK(s.services[0].workers == 1);
  CHECK_FALSE(s.services[0].queue);
  CHECK(s.services[0].balancer == Balancer::round_robin);
  CHECK(s.clients[0].arrival.rate_per_s == Approx(50000.0 / 60));
  CHECK_FALSE(s.clients[0].deadline_s);
}

TEST_CASE("a variant is the base with its JSON Merge Patch applied (RFC 7386)") {
  const auto set = load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/payment-partition.json").scenarios;
  REQUIRE(set);
  REQUIRE(set->variant_names() == std::vector<std::string>{"base", "timeouts-only", "no-fallback"});  // file order
  const auto& base = set->base.pipelines.at("payments-policy");
  CHECK(base.fallback);
  CHECK(base.retry);
  const auto& no_fallback = set->find("no-fallback")->pipelines.at("payments-policy");
  CHECK_FALSE(no_fallback.fallback);
  CHECK(no_fallback.retry);  // untouched by the patch
  const auto& timeouts_only = set->find("timeouts-only")->pipelines.at("payments-policy");
  CHECK_FALSE(timeouts_only.retry);
  CHECK_FALSE(timeouts_only.circuit_breaker);
  REQUIRE(timeouts_only.timeout);
  CHECK(timeouts_only.timeout->after_s == Approx(0.25));
}

TEST_CASE("the whole format reads into the structs: pipelines faults slo") {
  const auto set = load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/payment-partition.json").scenarios;
  REQUIRE(set);
  const Scenario& s = set->base;
  const auto& p = s.pipelines.at("payments-policy");
  CHECK(p.retry->max_attempts == 3);
  CHECK(p.retry->backoff.kind == chaossim::patterns::BackoffKind::exponential);
  CHECK(p.retry->backoff.max_s == Approx(0.5));
  CHECK(p.retry->jitter == chaossim::patterns::Jitter::full);
  CHECK(p.retry->budget->ratio == Approx(0.1));
  CHECK(p.circuit_breaker->window_size == 50);
  CHECK(p.circuit_breaker->minimum_calls == 20);
  CHECK(p.circuit_breaker->open_for_s == Approx(5));
  CHECK(p.bulkhead->max_wait_s == Approx(0.02));
  CHECK(p.fallback->chain.at(0).service == "payments-backup");
  CHECK(s.pipelines.at("inventory-policy").fallback->chain.at(0).cache_ttl_s == Approx(60));
  CHECK(s.pipelines.at("best-effort").circuit_breaker->window_kind == chaossim::patterns::WindowKind::time);
  REQUIRE(s.faults.size() == 5);
  CHECK(s.faults[0].kind() == FaultKind::partition);
  CHECK(s.faults[0].groups().at(0) == std::vector<std::string>{"gateway"});
  CHECK(s.faults[1].as<chaossim::scenarios::LatencyFault>()->add_s == Approx(0.3));
  CHECK(s.faults[2].as<chaossim::scenarios::DegradationFault>()->speed_to == Approx(0.25));
  CHECK(s.faults[3].as<chaossim::scenarios::CrashFault>()->instances.count == 1);
  CHECK(s.faults[4].as<chaossim::scenarios::ErrorsFault>()->rate == Approx(0.6));
  CHECK(s.slo->availability == Approx(0.999));
  CHECK(s.slo->latency_s.at("p95") == Approx(0.2));
  CHECK(s.clients[0].keys->count == 10000);
  CHECK(s.services[2].endpoints.at(0).service_time.kind == DistKind::lognormal);
}
