// A rate profile's arithmetic against values worked out by hand.
#include <catch2/catch.hpp>

#include "scenarios/rate_profile.hpp"

using namespace chaossim::scenarios;

namespace {
RateProfile profile(std::vector<RampPoint> points, Interpolation how = Interpolation::linear, std::optional<double> period = {}) {
  RateProfile p;
  p.points = std::move(points);
  p.interpolation = how;
  p.period_s = period;
  return p;
}
}  // namespace

TEST_CASE("a linear profile joins its points and stays flat after the last") {
  const auto p = profile({{0, 10}, {10, 30}, {20, 0}});
  CHECK(p.rate_at(0) == 10);
  CHECK(p.rate_at(5) == Approx(20));
  CHECK(p.rate_at(10) == 30);
  CHECK(p.rate_at(15) == Approx(15));
  CHECK(p.rate_at(20) == 0);
  CHECK(p.rate_at(1000) == 0);
  CHECK(p.peak() == 30);
  // Trapezoids: 10 x (10 + 30) / 2 + 10 x 30 / 2 = 350, then nothing.
  CHECK(p.expected_requests(20) == Approx(350));
  CHECK(p.expected_requests(100) == Approx(350));
  CHECK(p.expected_requests(5) == Approx(75));
}

TEST_CASE("a step profile holds each point's rate until the next") {
  const auto p = profile({{0, 10}, {10, 30}}, Interpolation::step);
  CHECK(p.rate_at(9.999) == 10);
  CHECK(p.rate_at(10) == 30);
  CHECK(p.rate_at(50) == 30);
  CHECK(p.expected_requests(20) == Approx(10 * 10 + 10 * 30));
}

TEST_CASE("a periodic profile repeats and goes back to its first rate at the period's end") {
  const auto linear = profile({{0, 0}, {6, 60}}, Interpolation::linear, 12.0);
  CHECK(linear.rate_at(3) == Approx(30));
  CHECK(linear.rate_at(9) == Approx(30));  // halfway from 60 at 6 s back to 0 at 12 s
  CHECK(linear.rate_at(12) == Approx(0));
  CHECK(linear.rate_at(15) == Approx(30));
  CHECK(linear.rate_at(12 * 1000 + 6) == Approx(60));
  // Each period is a triangle of 12 x 60 / 2 = 360 requests.
  CHECK(linear.expected_requests(36) == Approx(3 * 360));
  CHECK(linear.expected_requests(39) == Approx(3 * 360 + 45));
  const auto step = profile({{0, 5}, {6, 60}}, Interpolation::step, 12.0);
  CHECK(step.rate_at(11.9) == 60);  // the last step holds until the period ends
  CHECK(step.rate_at(12.1) == 5);
  CHECK(step.expected_requests(24) == Approx(2 * (6 * 5 + 6 * 60)));
}
