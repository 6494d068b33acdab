// A service's `cores`, shared by the requests working at once (processor
// sharing): the scheduler's arithmetic, and runs against M/G/1-PS, whose mean
// response S / (1 - rho) holds whatever the distribution of S, and whose
// response to a job of size x is x / (1 - rho).
#include <cmath>
#include <map>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/processor_sharing.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;
using sim::scheduler;

namespace {

// Runs jobs of the given work, all entering at 0, on `cores` at full speed;
// returns when each finished, by its index.
std::map<int, double> finishing(double cores, const std::vector<double>& work,
                                std::function<double(double, double)> done = [](double t0, double t1) { return t1 - t0; },
                                std::function<double(double, double)> finish = [](double t, double w) { return t + w; }) {
  scheduler().reset(true);
  std::vector<sim::Request> requests(work.size());
  std::map<int, double> finished;
  sim::ProcessorSharing cpu(cores, {}, done, finish, [&](sim::Request* r) {
    finished[static_cast<int>(r - requests.data())] = scheduler().now();
  });
  for (std::size_t i = 0; i < work.size(); ++i) cpu.enter(&requests[i], work[i], 0);
  scheduler().play_until(100);
  return finished;
}

}  // namespace

TEST_CASE("requests sharing cores each go at cores / n of the speed, and alone at full speed") {
  // One core, works 1, 2, 3: all three at a third until the first is done at
  // 3 s, the other two at half until the second is at 5 s, the last alone to 6 s.
  auto one = finishing(1, {1, 2, 3});
  CHECK(one.at(0) == Approx(3));
  CHECK(one.at(1) == Approx(5));
  CHECK(one.at(2) == Approx(6));
  // Two cores: each at two thirds until 1.5 s, then each of two has a core.
  auto two = finishing(2, {1, 2, 3});
  CHECK(two.at(0) == Approx(1.5));
  CHECK(two.at(1) == Approx(2.5));
  CHECK(two.at(2) == Approx(3.5));
  // More cores than requests: none is slowed. Equal work finishes together.
  auto many = finishing(8, {1, 1, 2});
  CHECK(many.at(0) == Approx(1));
  CHECK(many.at(1) == Approx(1));
  CHECK(many.at(2) == Approx(2));
  // Half a core (a CPU quota): one request alone takes twice its work.
  CHECK(finishing(0.5, {1}).at(0) == Approx(2));
}

TEST_CASE("shared cores follow the host's speed: a host at half speed from 1 s") {
  const auto done = [](double t0, double t1) {
    const auto full = [](double t) { return t <= 1 ? t : 1 + (t - 1) / 2; };
    return full(t1) - full(t0);
  };
  const auto finish = [](double t, double w) {
    const double before = std::max(0.0, std::min(w, 1 - t));
    return t + before + (w - before) * 2;
  };
  // One core, two requests of 1 s: at half a core each until 1 s (0.5 done),
  // then at a quarter: 0.5 more takes 2 s.
  const auto f = finishing(1, {1, 1}, done, finish);
  CHECK(f.at(0) == Approx(3));
  CHECK(f.at(1) == Approx(3));
}

TEST_CASE("a crash clears the cores: the requests working are handed back in order, and the next one is not slowed") {
  scheduler().reset(true);
  std::vector<sim::Request> requests(3);
  std::vector<std::pair<int, double>> finished;
  sim::ProcessorSharing cpu(
      1, {}, [](double t0, double t1) { return t1 - t0; }, [](double t, double w) { return t + w; },
      [&](sim::Request* r) { finished.emplace_back(static_cast<int>(r - requests.data()), scheduler().now()); });
  cpu.enter(&requests[0], 5, 0);
  cpu.enter(&requests[1], 5, 0);
  scheduler().at(1, [&] {
    const auto cleared = cpu.clear(1);
    REQUIRE(cleared.size() == 2);
    CHECK(cleared[0] == &requests[0]);
    CHECK(cleared[1] == &requests[1]);
    cpu.enter(&requests[2], 1, 1);
  });
  scheduler().play_until(100);
  REQUIRE(finished.size() == 1);
  CHECK(finished[0].first == 2);
  CHECK(finished[0].second == Approx(2));
  CHECK(cpu.working() == 0);
}

namespace {

// One instance, 1,000 threads on `cores`; Poisson arrivals at each endpoint's rate.
std::string shared_cpu(const std::string& cores, const std::string& endpoints, const std::string& clients, int replications) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "ps", "seed": 11, "duration": "400s", "warmup": "20s",
    "bucket": "1s", "replications": {},
    "services": [{{"name": "api", "workers": 1000 {}, "endpoints": [{}]}}],
    "clients": [{}]}})",
                     replications, cores, endpoints, clients);
}

}  // namespace

TEST_CASE("M/D/1 under processor sharing: mean response S / (1 - rho), not Pollaczek-Khinchine's") {
  // 10 ms of work at 70 requests a second: rho 0.7. Processor sharing is
  // insensitive to the distribution: 10 / 0.3 = 33.3 ms, where one worker
  // serving in turn (FIFO) gives 10 + 0.7 x 10 / (2 x 0.3) = 21.7 ms.
  const std::string endpoint = R"({"name": "e", "service_time": {"dist": "constant", "value": "10ms"}})";
  const std::string client = R"({"name": "c", "target": "api", "endpoint": "e", "arrival": {"process": "poisson", "rate": "70/s"}})";
  const auto runs = testing::run_each_replication(testing::load_text(shared_cpu(R"(, "cores": 1)", endpoint, client, 8)));
  std::vector<double> means;
  for (const auto& v : runs) means.push_back(v.clients[0].latency.mean_ms);
  testing::check_within_ci99(means, 10 / 0.3);
}

TEST_CASE("under processor sharing a request's response is its size over 1 - rho, whatever else is served") {
  // Two kinds on one core: 5 ms at 40/s and 20 ms at 20/s, rho 0.6. Each
  // takes its own size / 0.4: 12.5 and 50 ms (under FIFO both would wait alike).
  const std::string endpoints = R"({"name": "small", "service_time": {"dist": "constant", "value": "5ms"}},
                                   {"name": "large", "service_time": {"dist": "constant", "value": "20ms"}})";
  const std::string clients = R"({"name": "s", "target": "api", "endpoint": "small", "arrival": {"process": "poisson", "rate": "40/s"}},
                                 {"name": "l", "target": "api", "endpoint": "large", "arrival": {"process": "poisson", "rate": "20/s"}})";
  const auto runs = testing::run_each_replication(testing::load_text(shared_cpu(R"(, "cores": 1)", endpoints, clients, 8)));
  std::vector<double> small, large;
  for (const auto& v : runs) {
    small.push_back(v.clients[0].latency.mean_ms);
    large.push_back(v.clients[1].latency.mean_ms);
  }
  testing::check_within_ci99(small, 5 / 0.4);
  testing::check_within_ci99(large, 20 / 0.4);
}

TEST_CASE("a thread pool larger than its cores adds no throughput: 2 ms of CPU on 4 cores serves 2,000 requests a second") {
  // api: 200 threads, 2 ms of CPU then a 40 ms call to db. Each thread is held
  // 42 ms: 200 threads could serve 4,760 a second if each had a core, but 4
  // cores do 2,000 requests' CPU a second. Offered 3,000 a second, the rest
  // waits in a queue of 100 and is refused.
  const auto text = [](const std::string& cores) {
    return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "cpu", "seed": 3, "duration": "30s",
      "services": [
        {{"name": "api", "workers": 200, "queue": 100 {}, "service_time": {{"dist": "constant", "value": "2ms"}},
         "calls": [{{"service": "db"}}]}},
        {{"name": "db", "workers": 10000, "service_time": {{"dist": "constant", "value": "40ms"}}}}],
      "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "3000/s"}}}}]}})",
                       cores);
  };
  const auto shared = testing::run_all(testing::load_text(text(R"(, "cores": 4)")))[0].clients[0];
  const double served_per_s = static_cast<double>(shared.successes) / 30;
  // Less the 300 requests held when the run ends (200 threads, 100 queued).
  CHECK(served_per_s > 1980);
  CHECK(served_per_s <= 2001);
  // A core per thread: all 3,000 a second are served.
  const auto own = testing::run_all(testing::load_text(text("")))[0].clients[0];
  CHECK(own.failures == 0);
  CHECK(static_cast<double>(own.successes) / 30 == Approx(3000).epsilon(0.002));
}

TEST_CASE("cores are a positive number, and a queue has none") {
  const auto errors = testing::load_errors;
  const std::string client = R"({"name": "c", "target": "api", "endpoint": "e", "arrival": {"process": "poisson", "rate": "1/s"}})";
  const std::string endpoint = R"({"name": "e", "service_time": {"dist": "constant", "value": "10ms"}})";
  CHECK_THAT(errors(shared_cpu(R"(, "cores": 0)", endpoint, client, 1)), Catch::Contains("$.services[0].cores"));
  CHECK_THAT(errors(shared_cpu(R"(, "cores": "4")", endpoint, client, 1)), Catch::Contains("$.services[0].cores"));
  const auto queue = R"({"schema": "chaossim/scenario/v1", "name": "q", "duration": "1s",
    "services": [{"name": "q", "kind": "queue", "capacity": 10, "cores": 2, "consumers": [{"service": "w"}]},
                 {"name": "w", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "q", "arrival": {"process": "poisson", "rate": "1/s"}}]})";
  CHECK_THAT(errors(queue), Catch::Contains("$.services[0].cores") && Catch::Contains("a queue does no work"));
}
