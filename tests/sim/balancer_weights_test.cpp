// The balancer's views, weights and slow start, picked by hand: each caller
// instance's view counts only its own requests; weighted round robin is
// nginx's smooth sequence; weighted random and slow start give each instance
// its share, within a binomial tolerance of many draws.
#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/balancer.hpp"

using chaossim::scenarios::SlowStart;
using chaossim::sim::Balancer;
using Kind = chaossim::scenarios::Balancer;

namespace {

// The share of `draws` picks (at `now`, view 0) that go to `instance`, with
// 4.5 standard deviations of a binomial share around `expected` as tolerance.
void check_share(Balancer& b, int instance, double now, double expected) {
  constexpr int draws = 100000;
  int hits = 0;
  for (int k = 0; k < draws; ++k) hits += b.pick(-1, 0, now) == instance ? 1 : 0;
  const double share = static_cast<double>(hits) / draws;
  const double tolerance = 4.5 * std::sqrt(expected * (1 - expected) / draws);
  INFO("share " << share << ", expected " << expected << " +- " << tolerance);
  CHECK(std::abs(share - expected) <= tolerance);
}

}  // namespace

TEST_CASE("each caller instance's view counts only its own outstanding requests") {
  Balancer b(Kind::least_outstanding, 3, 7);
  b.split_views(2);
  REQUIRE(b.views() == 2);
  b.on_sent(0, 0);
  b.on_sent(1, 0);
  CHECK(b.pick_any(0) == 2);  // its own view: 2 is the idle one
  CHECK(b.outstanding(0, 1) == 0);
  CHECK(b.outstanding(1, 1) == 0);
  // The other view sees nothing outstanding anywhere: it picks by its own round.
  b.on_sent(2, 1);
  CHECK(b.pick_any(1) != 2);
  b.on_answered(0, 0);
  CHECK(b.outstanding(0, 0) == 0);
}

TEST_CASE("views start their rounds apart, and one shared view starts at the first instance") {
  Balancer shared(Kind::round_robin, 10, 3);
  CHECK(shared.pick_any(0) == 0);
  CHECK(shared.pick_any(0) == 1);
  Balancer split(Kind::round_robin, 10, 3);
  split.split_views(100);
  std::vector<int> starts(10, 0);
  for (int v = 0; v < 100; ++v) ++starts[static_cast<std::size_t>(split.pick_any(v))];
  // 100 views over 10 instances: if every view began at one instance, the
  // callers' first requests would all meet there (a herd).
  int busiest = 0;
  for (int s : starts) busiest = std::max(busiest, s);
  CHECK(busiest < 30);
  CHECK(std::count(starts.begin(), starts.end(), 0) < 3);
}

TEST_CASE("weighted round robin gives nginx's smooth sequence") {
  Balancer b(Kind::round_robin, 3, 1);
  b.weigh({5, 1, 1}, std::nullopt, {});
  REQUIRE(b.scoped());
  std::vector<int> order;
  for (int k = 0; k < 14; ++k) order.push_back(b.pick(-1, 0, 0));
  CHECK(order == std::vector<int>{0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0});
}

TEST_CASE("weights repeat over the instances, as zones do") {
  Balancer b(Kind::round_robin, 4, 1);
  b.weigh({3, 1}, std::nullopt, {});  // instances 0 and 2 weigh 3, 1 and 3 weigh 1
  std::vector<int> count(4, 0);
  for (int k = 0; k < 800; ++k) ++count[static_cast<std::size_t>(b.pick(-1, 0, 0))];
  CHECK(count == std::vector<int>{300, 100, 300, 100});
}

TEST_CASE("weighted random draws in proportion to the weights") {
  Balancer b(Kind::random, 2, 11);
  b.weigh({3, 1}, std::nullopt, {});
  check_share(b, 0, 0, 0.75);
}

TEST_CASE("the least loaded compare outstanding plus one over weight") {
  Balancer b(Kind::least_outstanding, 2, 1);
  b.weigh({2, 1}, std::nullopt, {});
  b.on_sent(0, 0);
  b.on_sent(0, 0);
  CHECK(b.pick(-1, 0, 0) == 1);  // (2 + 1) / 2 = 1.5 against (0 + 1) / 1
  b.on_answered(0, 0);
  b.on_sent(1, 0);
  CHECK(b.pick(-1, 0, 0) == 0);  // 1 against 2
}

TEST_CASE("slow start: an instance back in rotation weighs (age / window)^(1 / aggression), at least min_weight") {
  for (const double aggression : {1.0, 2.0}) {
    Balancer b(Kind::random, 2, 5);
    b.weigh({}, SlowStart{10, aggression, 0.1}, {});
    CHECK(b.set_in_rotation(1, false, 90));
    CHECK(b.set_in_rotation(1, true, 100));
    const double f = std::pow(0.5, 1 / aggression);
    INFO("aggression " << aggression);
    check_share(b, 1, 105, f / (1 + f));
    check_share(b, 1, 100.1, 0.1 / 1.1);  // (0.01)^(1/a) is under the floor
    check_share(b, 1, 110, 0.5);          // the window is over
  }
}

TEST_CASE("slow start counts from a crash's end or an autoscaler's listing, and spares instances there from the start") {
  std::vector<double> restored{-INFINITY, 50, -INFINITY};
  std::vector<double> listed{-INFINITY, -INFINITY, 56};
  Balancer b(Kind::random, 3, 9);
  b.weigh({}, SlowStart{10, 1, 0.1}, {&restored, &listed});
  // At 58: instance 1 weighs 0.8, instance 2 0.2, instance 0 (never down) 1.
  check_share(b, 0, 58, 1 / 2.0);
  check_share(b, 1, 58, 0.8 / 2.0);
  check_share(b, 2, 58, 0.2 / 2.0);
}

TEST_CASE("slow start with the least loaded: a fresh instance with nothing outstanding does not take everything") {
  Balancer b(Kind::least_outstanding, 2, 1);
  b.weigh({}, SlowStart{30, 1, 0.1}, {});
  b.set_in_rotation(1, false, 0);
  b.set_in_rotation(1, true, 10);
  // At age 3 s instance 1 weighs 0.1: instance 0 with 8 outstanding, (8 + 1) / 1 = 9,
  // is still less loaded than instance 1 with none, (0 + 1) / 0.1 = 10.
  for (int k = 0; k < 8; ++k) b.on_sent(0, 0);
  CHECK(b.pick(-1, 0, 13) == 0);
  b.on_sent(0, 0);
  b.on_sent(0, 0);
  CHECK(b.pick(-1, 0, 13) == 1);  // 11 against 10
}
