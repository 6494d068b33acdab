#include <random>

#include <catch2/catch.hpp>

#include "patterns/bulkhead.hpp"

using namespace chaossim::patterns;

TEST_CASE("a bulkhead admits max_concurrent calls then queues max_queue then rejects") {
  ReferenceBulkhead b({2, 1, 0.1});
  CHECK(b.try_enter(0) == Admission::admitted);
  CHECK(b.try_enter(0) == Admission::admitted);
  CHECK(b.try_enter(0) == Admission::must_wait);
  CHECK(b.try_enter(0) == Admission::rejected);
  CHECK(b.in_flight() == 2);
  CHECK(b.waiting() == 1);
}

TEST_CASE("a leaving call hands its permit to the longest waiting caller") {
  ReferenceBulkhead b({1, 2, 1.0});
  CHECK(b.try_enter(0) == Admission::admitted);
  CHECK(b.try_enter(0) == Admission::must_wait);
  CHECK(b.on_leave(1) == true);  // the waiter goes
  CHECK(b.in_flight() == 1);
  CHECK(b.waiting() == 0);
  CHECK(b.on_leave(2) == false);
  CHECK(b.in_flight() == 0);
}

TEST_CASE("a newcomer does not overtake waiting callers") {
  ReferenceBulkhead b({1, 5, 1.0});
  b.try_enter(0);
  CHECK(b.try_enter(0) == Admission::must_wait);
  b.on_give_up(0.5);  // the waiter left; the first call still holds the only permit
  CHECK(b.try_enter(0.6) == Admission::must_wait);
}

TEST_CASE("without max_wait a full bulkhead rejects at once") {
  ReferenceBulkhead b({1, 10, 0});
  b.try_enter(0);
  CHECK(b.try_enter(0) == Admission::rejected);
}

TEST_CASE("a bulkhead never exceeds its limit and never leaks a permit") {
  ReferenceBulkhead b({3, 4, 1.0});
  std::mt19937 rng(3);
  int held = 0, waiting = 0;
  for (int step = 0; step < 100000; ++step) {
    switch (rng() % 3) {
      case 0:
        switch (b.try_enter(step)) {
          case Admission::admitted: ++held; break;
          case Admission::must_wait: ++waiting; break;
          case Admission::rejected: break;
        }
        break;
      case 1:
        if (held > 0) {
          if (b.on_leave(step)) --waiting;  // a waiter took the permit
          else --held;
        }
        break;
      default:
        if (waiting > 0) {
          b.on_give_up(step);
          --waiting;
        }
    }
    REQUIRE(b.in_flight() == held);
    REQUIRE(b.waiting() == waiting);
    REQUIRE(held <= 3);
    REQUIRE(waiting <= 4);
  }
}

TEST_CASE("bulkhead configurations are validated") {
  CHECK(validate(BulkheadConfig{}).empty());
  CHECK(describe(validate(BulkheadConfig{0, 0, 0})) == "max_concurrent: found 0, expected at least 1");
}
