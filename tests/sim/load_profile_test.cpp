// Load from data: a client's rate follows a profile (points or a CSV file) and
// bursts send many requests at once. Counts per bucket are Poisson with mean
// rate x bucket x replications: each bucket is held within 5 standard
// deviations (a false alarm in 1.7 million per bucket), totals within 4.
#include <cmath>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;
namespace fs = std::filesystem;

namespace {

std::string scenario(const std::string& arrival, const std::string& duration = "90s", int replications = 2) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "profile", "seed": 5, "duration": "{}", "replications": {},
    "services": [{{"name": "api", "workers": 1000, "service_time": {{"dist": "constant", "value": "1ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {}}}]}})",
                     duration, replications, arrival);
}

// Writes `files` (name -> text) into a fresh folder; returns the folder.
fs::path folder_with(const std::vector<std::pair<std::string, std::string>>& files) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("chaossim-profile-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [name, text] : files) std::ofstream(dir / name) << text;
  return dir;
}

scenarios::ScenarioSet load_file(const fs::path& path) {
  auto loaded = scenarios::load_scenario_file(path.string());
  std::string all;
  for (const auto& e : loaded.errors) all += e.format() + "\n";
  INFO(all);
  REQUIRE(loaded.scenarios);
  return std::move(*loaded.scenarios);
}

}  // namespace

TEST_CASE("a step profile read from a CSV beside the scenario sends each bucket its rate, period after period") {
  const fs::path dir = folder_with(
      {{"rates.csv", "# a test profile\ntime,rate\n0,50\n10s,200/s\n20,1200/min\n"},
       {"s.json", scenario(R"({"process": "poisson", "profile": {"file": "rates.csv", "interpolation": "step", "period": "30s"}})")}});
  const auto set = load_file(dir / "s.json");
  const auto v = testing::run_all(set)[0];
  const auto& sent = v.client_series[0].sent;
  REQUIRE(sent.size() == 90);
  double total = 0;
  for (std::size_t k = 0; k < sent.size(); ++k) {
    const double rate = (k % 30) < 10 ? 50 : (k % 30) < 20 ? 200 : 20;
    const double mean = rate * 2;  // two replications
    INFO("bucket " << k);
    CHECK(std::abs(static_cast<double>(sent[k]) - mean) < 5 * std::sqrt(mean));
    total += mean;
  }
  CHECK(std::abs(static_cast<double>(v.clients[0].sent) - total) < 4 * std::sqrt(total));
  fs::remove_all(dir);
}

TEST_CASE("a linear profile of points sends its integral") {
  // 0/s at 0 rising to 200/s at 50 s, then flat: 50 x 200 / 2 + 50 x 200 = 15,000 a replication.
  const auto set = testing::load_text(scenario(
      R"({"process": "poisson", "profile": {"points": [{"at": "0s", "rate": "0/s"}, {"at": "50s", "rate": "200/s"}]}})", "100s", 4));
  REQUIRE(set.base.clients[0].arrival.profile);
  CHECK(set.base.clients[0].arrival.profile->expected_requests(100) == Approx(15000));
  const auto v = testing::run_all(set)[0];
  const double mean = 4 * 15000.0;
  CHECK(std::abs(static_cast<double>(v.clients[0].sent) - mean) < 4 * std::sqrt(mean));
  // Its first 5 s are quiet: the rate reaches 20/s, 5 x 20 / 2 = 50 a replication, 200 in all.
  const auto& sent = v.client_series[0].sent;
  const double early = static_cast<double>(sent[0] + sent[1] + sent[2] + sent[3] + sent[4]);
  CHECK(std::abs(early - 200) < 5 * std::sqrt(200.0));
}

TEST_CASE("a burst sends exactly its requests at its instant, beside the process") {
  const auto v = testing::run_all(testing::load_text(scenario(
      R"({"process": "constant", "rate": "8/s", "bursts": [{"at": "5.5s", "requests": 1000}, {"at": "7s", "requests": 3}]})", "10s",
      1)))[0];
  const auto& sent = v.client_series[0].sent;
  // A constant process sends 8 a bucket (every 0.125 s, exact in binary); the bursts add theirs to buckets 5 and 7.
  CHECK(sent[5] - sent[4] == 1000);
  CHECK(sent[7] - sent[6] == 3);
  CHECK(sent[6] == sent[4]);
  CHECK(sent[4] == 8);
  CHECK(v.clients[0].sent == 79 + 1003);
}

TEST_CASE("the scenario's hash follows its profile file's data") {
  const auto text = scenario(R"({"process": "poisson", "profile": {"file": "rates.csv"}})");
  const fs::path dir = folder_with({{"rates.csv", "0,10\n5,20\n"}, {"s.json", text}});
  const std::string before = load_file(dir / "s.json").base.content_hash;
  std::ofstream(dir / "rates.csv") << "0,10\n5,21\n";
  CHECK(load_file(dir / "s.json").base.content_hash != before);
  fs::remove_all(dir);
}

TEST_CASE("a profile that falls to 0 and stays there ends the arrivals, and the run") {
  const auto v = testing::run_all(testing::load_text(scenario(
      R"({"process": "poisson", "profile": {"interpolation": "step", "points": [{"at": "0s", "rate": "100/s"}, {"at": "5s", "rate": "0/s"}]}})",
      "10s", 1)))[0];
  const auto& sent = v.client_series[0].sent;
  CHECK(sent[4] > 0);
  for (std::size_t b = 5; b < sent.size(); ++b) CHECK(sent[b] == 0);
}
