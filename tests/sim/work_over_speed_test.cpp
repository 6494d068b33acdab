// Work in progress is done at each moment's host speed, as SimGrid's exec
// integrates it: a request begun slow speeds up when the host recovers, one
// begun fast slows down when a degradation starts, and a pause inside it adds
// exactly its length.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// One request per client, sent at `at` to a service of 400 ms of work (no
// network latency, a worker for each), whose host runs at a quarter of its
// speed over [10 s, 10.1 s).
std::string one_request_each(const std::vector<std::string>& at, const std::string& more_faults = "") {
  std::string clients;
  for (std::size_t k = 0; k < at.size(); ++k)
    clients += fmt::format(R"({}{{"name": "c{}", "target": "s", "arrival": {{"process": "constant", "rate": "0.001/s",
      "bursts": [{{"at": "{}", "requests": 1}}]}}}})", k == 0 ? "" : ", ", k, at[k]);
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "speed", "duration": "20s",
    "services": [{{"name": "s", "workers": 4, "service_time": {{"dist": "constant", "value": "400ms"}}}}],
    "clients": [{}],
    "faults": [{{"kind": "degradation", "at": "10s", "for": "100ms", "target": "s", "speed": {{"from": 0.25, "to": 0.25}}}}{}]}})",
                     clients, more_faults);
}

}  // namespace

TEST_CASE("work integrates the host's speed over its time in service") {
  const auto v = testing::run_all(testing::load_text(one_request_each({"9.8s", "10.05s", "10.5s"})))[0];
  // Begun at 9.8 s: 200 ms of work at full speed, 100 ms at a quarter (25 ms
  // of work), the other 175 ms at full speed again: done at 10.275 s.
  CHECK(v.clients[0].latency.max_ms == Approx(475).epsilon(1e-9));
  // Begun slow at 10.05 s: 12.5 ms of work by 10.1 s, 387.5 ms after it. The
  // speed when it began (a quarter) would have made it 1.6 s.
  CHECK(v.clients[1].latency.max_ms == Approx(437.5).epsilon(1e-9));
  // After the degradation: untouched.
  CHECK(v.clients[2].latency.max_ms == Approx(400).epsilon(1e-9));
}

TEST_CASE("a pause and a slow spell in one request's service both count, each for what it holds up") {
  // Begun at 9.8 s: 100 ms of work, paused over [9.9 s, 10 s), 25 ms of work
  // in the slow 100 ms, 275 ms after: done at 10.375 s.
  const auto v = testing::run_all(testing::load_text(
      one_request_each({"9.8s"}, R"(, {"kind": "pause", "at": "9.9s", "for": "100ms", "target": "s"})")))[0];
  CHECK(v.clients[0].latency.max_ms == Approx(575).epsilon(1e-9));
}
