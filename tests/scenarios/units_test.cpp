#include <catch2/catch.hpp>

#include "scenarios/units.hpp"

using namespace chaossim::scenarios;

TEST_CASE("durations take a number and one of us ms s m h") {
  CHECK(*parse_duration("250us").value == Approx(250e-6));
  CHECK(*parse_duration("20ms").value == Approx(0.020));
  CHECK(*parse_duration("1.5s").value == Approx(1.5));
  CHECK(*parse_duration("2m").value == Approx(120));
  CHECK(*parse_duration("1h").value == Approx(3600));
  CHECK(*parse_duration("0s").value == 0);
}

TEST_CASE("durations without a unit with an unknown unit or with spaces are refused") {
  CHECK_FALSE(parse_duration("250").value);
  CHECK(parse_duration("250").problem == "has no unit");
  CHECK_FALSE(parse_duration("250 ms").value);
  CHECK_FALSE(parse_duration("250msec").value);
  CHECK_FALSE(parse_duration("ms").value);
  CHECK_FALSE(parse_duration("-5s").value);
  CHECK(parse_duration("-5s").problem == "a duration cannot be negative");
  CHECK_FALSE(parse_duration("1e3ms").value);
  CHECK_FALSE(parse_duration("1.2.3s").value);
  CHECK_FALSE(parse_duration("").value);
}

TEST_CASE("rates are per second minute or hour") {
  CHECK(*parse_rate("800/s").value == Approx(800));
  CHECK(*parse_rate("50000/min").value == Approx(50000.0 / 60));
  CHECK(*parse_rate("3600/h").value == Approx(1));
  CHECK_FALSE(parse_rate("800").value);
  CHECK_FALSE(parse_rate("800/sec").value);
  CHECK_FALSE(parse_rate("800 /s").value);
}

TEST_CASE("bandwidth in bits (bps) or bytes (Bps) per second as SimGrid writes them") {
  CHECK(*parse_bandwidth("1Gbps").value == Approx(125e6));
  CHECK(*parse_bandwidth("100Mbps").value == Approx(12.5e6));
  CHECK(*parse_bandwidth("1GBps").value == Approx(1e9));
  CHECK(*parse_bandwidth("8bps").value == Approx(1));
  CHECK_FALSE(parse_bandwidth("1G").value);
  CHECK_FALSE(parse_bandwidth("1gbps").value);
}
