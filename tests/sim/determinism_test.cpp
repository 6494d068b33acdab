#include <catch2/catch.hpp>

#include "scenarios/loader.hpp"
#include "sim/scenario_tester.hpp"

using namespace chaossim;

TEST_CASE("the same scenario and seed give the same bytes whatever the number of jobs") {
  const auto set = scenarios::load_scenario_file(CHAOSSIM_SOURCE_DIR "/scenarios/examples/mmc-queue.json").scenarios;
  REQUIRE(set);
  const std::vector<const scenarios::Scenario*> chosen{&set->base};
  const auto once = sim::ResilienceScenarioTester(1).run(chosen, 3, 7);
  const auto again = sim::ResilienceScenarioTester(2).run(chosen, 3, 7);
  for (int r = 0; r < 3; ++r) CHECK(sim::encode(once[0][r]) == sim::encode(again[0][r]));
  // A different seed gives different numbers.
  const auto other = sim::ResilienceScenarioTester(2).run(chosen, 1, 8);
  CHECK(sim::encode(other[0][0]) != sim::encode(once[0][0]));
  // Replications differ from one another.
  CHECK(sim::encode(once[0][0]) != sim::encode(once[0][1]));
}
