#include <catch2/catch.hpp>

#include "reports/statistics.hpp"

using namespace chaossim::reports;

TEST_CASE("Student t confidence interval of a mean") {
  // mean 5, sample sd 1.5811, n = 5, t(0.975, 4) = 2.7764: half-width 1.9632.
  const std::vector<double> xs{3, 4, 5, 6, 7};
  CHECK(mean(xs) == 5);
  CHECK(sample_stddev(xs) == Approx(1.58113883));
  const auto ci = mean_ci(xs);
  REQUIRE(ci);
  CHECK(ci->first == Approx(5 - 1.96324));
  CHECK(ci->second == Approx(5 + 1.96324));
  // A 99% interval is wider: t(0.995, 4) = 4.6041.
  CHECK(mean_ci_half_width(xs, 0.99) == Approx(4.60409 * 1.58113883 / std::sqrt(5.0)));
}

TEST_CASE("no interval from a single replication") {
  CHECK_FALSE(mean_ci({0.9}));
  CHECK(mean_ci_half_width({0.9}) == 0);
}
