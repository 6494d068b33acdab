// Passive outlier detection, decision by decision with exact times: Envoy's
// consecutive 5xx with ejections growing by the base time, capped, limited
// to a share of the instances, and forgotten as an instance stays in.
#include <catch2/catch.hpp>

#include "patterns/outlier_detection.hpp"

using namespace chaossim::patterns;

namespace {

OutlierDetectionConfig config(int errors = 3, double base = 10, double max = 25, double percent = 10) {
  OutlierDetectionConfig c;
  c.consecutive_errors = errors;
  c.base_ejection_time_s = base;
  c.max_ejection_time_s = max;
  c.max_ejection_percent = percent;
  return c;
}

}  // namespace

TEST_CASE("consecutive errors eject an instance, a success or a client error in between does not") {
  OutlierDetector d(config(), 10);
  CHECK_FALSE(d.on_answer(4, true, 1));
  CHECK_FALSE(d.on_answer(4, true, 2));
  CHECK_FALSE(d.on_answer(4, false, 3));  // the streak starts again
  CHECK_FALSE(d.on_answer(4, true, 4));
  CHECK_FALSE(d.on_answer(4, true, 5));
  const auto until = d.on_answer(4, true, 6);
  REQUIRE(until);
  CHECK(*until == Approx(16));
  CHECK(d.ejected(4));
  CHECK(d.ejected_count() == 1);
  // Answers to calls sent before the ejection teach nothing.
  CHECK_FALSE(d.on_answer(4, true, 7));
  d.returned(4, 16);
  CHECK_FALSE(d.ejected(4));
  CHECK(d.ejected_count() == 0);
}

TEST_CASE("each ejection lasts the base time times the ejections so far, at most the maximum") {
  OutlierDetector d(config(1, 10, 25), 10);
  CHECK(*d.on_answer(0, true, 0) == Approx(10));
  d.returned(0, 10);
  CHECK(*d.on_answer(0, true, 11) == Approx(31));  // 2 x 10
  d.returned(0, 31);
  CHECK(*d.on_answer(0, true, 32) == Approx(57));  // 3 x 10, capped at 25
}

TEST_CASE("each base time an instance stays in takes one off its ejections") {
  OutlierDetector d(config(1, 10, 100), 10);
  d.on_answer(0, true, 0);
  d.returned(0, 10);
  d.on_answer(0, true, 11);  // 2 x 10: until 31
  d.returned(0, 31);
  // In for 25 s: two base times, the count falls from 2 to 0; this is its first again.
  CHECK(*d.on_answer(0, true, 56) == Approx(66));
}

TEST_CASE("no more than max_ejection_percent of the instances are out at once, but always one may be") {
  OutlierDetector twenty(config(1, 10, 100, 10), 20);
  CHECK(twenty.on_answer(0, true, 0));
  CHECK(twenty.on_answer(1, true, 0));
  CHECK_FALSE(twenty.on_answer(2, true, 0));  // 10% of 20: 2
  twenty.returned(0, 10);
  CHECK(twenty.on_answer(2, true, 10));
  OutlierDetector three(config(1, 10, 100, 10), 3);
  CHECK(three.on_answer(0, true, 0));  // 10% of 3 rounds down to none: one anyway
  CHECK_FALSE(three.on_answer(1, true, 0));
}

TEST_CASE("outlier detection's rules name the key at fault") {
  CHECK(validate(config()).empty());
  CHECK(validate(config(0)).at(0).field == "consecutive_errors");
  CHECK(validate(config(3, 0)).at(0).field == "base_ejection_time");
  CHECK(validate(config(3, 10, 5)).at(0).field == "max_ejection_time");
  CHECK(validate(config(3, 10, 25, 150)).at(0).field == "max_ejection_percent");
}
