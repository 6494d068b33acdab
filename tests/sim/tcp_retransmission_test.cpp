// Packet loss under TCP: a dropped message is sent again after the
// retransmission timeout (the round trip plus Linux's TCP_RTO_MIN, doubling),
// and lost only when the connection gives up; "silent" loss keeps the
// datagram behaviour, where each dropped message is gone.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// c -> api (10 ms of work) -> db (2 ms), 1 ms a hop, no timeout anywhere: an
// undisturbed request takes 16 ms. 1,000 requests a second.
std::string api_and_db(const std::string& network, const std::string& fault, const std::string& duration = "90s",
                       int api_workers = 128) {
  return fmt::format(R"({{"schema": "chaossim/scenario/v1", "name": "tcp", "seed": 21, "duration": "{}",
    "network": {{"latency": "1ms" {}}},
    "services": [
      {{"name": "api", "workers": {}, "service_time": {{"dist": "constant", "value": "10ms"}}, "calls": [{{"service": "db"}}]}},
      {{"name": "db", "workers": 128, "service_time": {{"dist": "constant", "value": "2ms"}}}}],
    "clients": [{{"name": "c", "target": "api", "arrival": {{"process": "constant", "rate": "1000/s"}}}}],
    "faults": [{}]}})",
                     duration, network, api_workers, fault);
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

const std::string one_percent = R"({"kind": "packet_loss", "at": "0s", "for": "60s", "target": "db", "rate": 0.01})";

}  // namespace

TEST_CASE("with retransmission, 1% loss delays about 2% of calls by one RTO and fails none") {
  const auto v = testing::run_all(testing::load_text(api_and_db("", one_percent)))[0];
  const auto& c = v.clients[0];
  CHECK(c.failures == 0);
  CHECK(c.availability == 1.0);
  CHECK(v.edges[1].lost == 0);
  // A call is delayed when its request or its answer is dropped: 1 - 0.99^2 =
  // 1.99% of calls, each by the RTO, 2 x 1 ms + 200 ms. That is more than 1%,
  // so p99 is a delayed call's 16 + 202 ms (within the histogram's bin), and
  // p95 an undisturbed one's.
  CHECK(c.latency.p99_ms == Approx(218).epsilon(1.0 / 64));
  CHECK(c.latency.p95_ms == Approx(16).epsilon(1.0 / 64));
  // Each message's expected delay is sum over k of 0.01^k x 202 x 2^(k-1) ms
  // (the k-th retransmission waits twice the one before): 2.0604 ms, two per
  // call. The extra delay of a call has a standard deviation of about
  // 202 x sqrt(0.0199 x 0.9801) = 28.3 ms; over 60,000 calls in the loss
  // window (and 30,000 outside, with none) the mean is off by 4 standard
  // errors at most.
  const double in_window = 60000, calls = 90000;
  const double expected = 16 + in_window / calls * 2 * (0.01 * 202 + 0.0001 * 404 + 1e-6 * 808);
  const double standard_error = 28.3 * std::sqrt(in_window) / calls;
  INFO("mean " << c.latency.mean_ms << " ms, expected " << expected);
  CHECK(std::abs(c.latency.mean_ms - expected) < 4 * standard_error);
}

TEST_CASE("silent loss ties up the caller's workers for good: the run never recovers after the fault") {
  // Each lost message holds an api worker forever (no timeout): 20 a second,
  // all 128 in about 6 s. What the network did before TCP was modelled.
  // The client gives up after a second, as the issue's run did.
  std::string text = api_and_db(R"(, "loss": "silent")", one_percent);
  replace(text, R"("target": "api",)", R"("target": "api", "deadline": "1s",)");
  const auto v = testing::run_all(testing::load_text(text))[0];
  const auto& series = v.client_series[0];
  CHECK(v.edges[1].lost > 100);
  CHECK(v.clients[0].availability < 0.3);
  CHECK(series.availability[30] == 0.0);
  CHECK(series.availability[80] == 0.0);  // 20 s after the loss ended
}

TEST_CASE("the RTO grows with min_rto and the round trip") {
  // min_rto 1 s, 5 ms a hop: undisturbed 10 + 2 + 4 x 5 = 32 ms; a dropped
  // message waits 2 x 5 ms + 1 s.
  std::string text = api_and_db(R"(, "min_rto": "1s")", one_percent);
  replace(text, R"("latency": "1ms")", R"("latency": "5ms")");
  const auto v = testing::run_all(testing::load_text(text))[0];
  CHECK(v.clients[0].failures == 0);
  CHECK(v.clients[0].latency.p99_ms == Approx(32 + 1010).epsilon(1.0 / 64));
  CHECK(v.clients[0].latency.p95_ms == Approx(32).epsilon(1.0 / 64));
}

TEST_CASE("a connection gives up after its retransmissions, each timeout twice the last") {
  // Every message to or from db dropped for 10 s, 2 retransmissions: a
  // message is sent at t, t + 202 ms and t + 606 ms, and lost 808 ms later
  // if all three fell in the window. Messages first sent in [10 s, 19.394 s)
  // are lost: 9,394 of them at 1,000 a second (requests, or answers of
  // requests that had arrived before the window), and those sent later get
  // through once the loss ends. A lost call holds its api worker for good:
  // api has a worker for each.
  const auto v = testing::run_all(testing::load_text(api_and_db(
      R"(, "retransmissions": 2)", R"({"kind": "packet_loss", "at": "10s", "for": "10s", "target": "db", "rate": 1.0})",
      "30s", 20000)))[0];
  CHECK(static_cast<double>(v.edges[1].lost) == Approx(9394).margin(4));
}

TEST_CASE("a timeout shorter than the RTO still fails the call, but nothing is lost") {
  // 20% loss, a 100 ms timeout on api -> db: a dropped message's retransmission
  // comes after the caller gave up, so availability is 0.8 x 0.8 as with silent
  // loss, and the late answers are discarded, not lost.
  std::string text = api_and_db("", R"({"kind": "packet_loss", "at": "0s", "for": "20s", "target": "db", "rate": 0.2})", "20s");
  replace(text, R"("calls": [{"service": "db"}])", R"("calls": [{"service": "db", "pipeline": "t"}])");
  replace(text, R"("faults")", R"("pipelines": {"t": {"timeout": {"after": "100ms"}}}, "faults")");
  const auto v = testing::run_all(testing::load_text(text))[0];
  // 20,000 calls: the standard deviation of the availability is 0.0034.
  CHECK(v.clients[0].availability == Approx(0.64).margin(0.014));
  CHECK(v.edges[1].lost == 0);
}
