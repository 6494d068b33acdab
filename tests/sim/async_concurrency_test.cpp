// A service's `concurrency`: a thread held through each request's calls
// (`threads`), or given back while the request waits on them (`async`), with
// `max_in_flight` bounding what an async instance holds.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// api: 4 threads on 4 cores, 2 ms of CPU then a 40 ms call to db; 1,000
// requests a second for 30 s, 100 more may queue.
std::string api_on_four_threads(const std::string& api_extra, const std::string& faults = "") {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "async", "seed": 8, "duration": "30s",
    "services": [
      {{"name": "api", "workers": 4, "cores": 4, "queue": 100 {}, "service_time": {{"dist": "constant", "value": "2ms"}},
       "calls": [{{"service": "db"}}]}},
      {{"name": "db", "workers": 10000, "service_time": {{"dist": "constant", "value": "40ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "1000/s"}}}}],
    "faults": [{}]}})",
                     api_extra, faults);
}

}  // namespace

TEST_CASE("an async server's threads do only its CPU work: 4 threads serve 1,000 requests a second that threads held through calls cannot") {
  // Threads held 42 ms each: 4 / 0.042 = 95 requests a second, less those
  // held when the run ends; the rest is refused.
  const auto held = testing::run_all(testing::load_text(api_on_four_threads("")))[0].clients[0];
  const double held_per_s = static_cast<double>(held.successes) / 30;
  CHECK(held_per_s > 90);
  CHECK(held_per_s < 4 / 0.042);
  // Async: a thread is busy 2 ms a request, 4 threads can do 2,000 a second.
  const auto async = testing::run_all(testing::load_text(api_on_four_threads(R"(, "concurrency": "async")")))[0].clients[0];
  CHECK(async.failures == 0);
  CHECK(static_cast<double>(async.successes) / 30 == Approx(1000).epsilon(0.002));
  CHECK(async.latency.p50_ms == Approx(42).epsilon(1.0 / 64));
}

TEST_CASE("max_in_flight bounds what an async instance holds: 20 requests of 42 ms serve 476 a second") {
  const auto c = testing::run_all(testing::load_text(api_on_four_threads(R"(, "concurrency": "async", "max_in_flight": 20)")))[0].clients[0];
  const double per_s = static_cast<double>(c.successes) / 30;
  CHECK(per_s > 460);
  CHECK(per_s <= 20 / 0.042);
  CHECK(c.failures > 0);  // refused by the full queue
}

TEST_CASE("a crash loses what an async instance held, working or waiting on its calls, and it serves on after") {
  const auto v = testing::run_all(testing::load_text(api_on_four_threads(
      R"(, "concurrency": "async")", R"({"kind": "crash", "at": "10s", "for": "1s", "target": "api", "mode": "blackhole"})")))[0];
  const auto& c = v.clients[0];
  // About 42 requests in flight when it went, and the 1,000 sent while it was down.
  CHECK(c.failures > 1000);
  CHECK(c.failures < 1100);
  CHECK(c.successes > 28000);
  // Threads held through the calls: it serves on after the crash too.
  const auto held = testing::run_all(testing::load_text(
      api_on_four_threads("", R"({"kind": "crash", "at": "10s", "for": "1s", "target": "api", "mode": "blackhole"})")))[0];
  CHECK(static_cast<double>(held.clients[0].successes) / 29 > 90);
}

TEST_CASE("concurrency is threads or async, and max_in_flight is async's") {
  CHECK_THAT(testing::load_errors(api_on_four_threads(R"(, "concurrency": "fibers")")),
             Catch::Contains("$.services[0].concurrency") && Catch::Contains("async"));
  CHECK_THAT(testing::load_errors(api_on_four_threads(R"(, "max_in_flight": 10)")),
             Catch::Contains("$.services[0].max_in_flight") && Catch::Contains("\"concurrency\": \"async\""));
  CHECK_THAT(testing::load_errors(api_on_four_threads(R"(, "concurrency": "async", "max_in_flight": 0)")),
             Catch::Contains("$.services[0].max_in_flight"));
}
