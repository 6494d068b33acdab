// Worker pools with reserved and borrowed capacity, as the seeds' faculty
// bulkheads: "ICU pool: 6, reserved 5, may borrow 1 from a flex pool of 2".
#include <catch2/catch.hpp>

#include "patterns/worker_pools.hpp"

using namespace chaossim::patterns;

namespace {
WorkerPoolsConfig hospital() {
  WorkerPoolsConfig c;
  c.flex = 2;
  c.pools = {{"icu", 6, 5, 1, 0, 0}, {"clinic", 8, 7, 1, 0, 0}};
  return c;
}
}  // namespace

TEST_CASE("a pool runs on its reserved workers first, then borrows up to max_borrow, never past its capacity") {
  ReferenceWorkerPools pools(hospital());
  for (int i = 0; i < 5; ++i) CHECK(pools.try_start(0, 0) == PoolSlot::reserved);
  CHECK(pools.try_start(0, 0) == PoolSlot::borrowed);
  CHECK_FALSE(pools.can_start(0, 0));
  CHECK(pools.try_start(0, 0) == PoolSlot::none);  // at its capacity of 6, though a flex worker is free
  CHECK(pools.busy(0) == 6);
  CHECK(pools.borrowed(0) == 1);
  CHECK(pools.flex_in_use() == 1);
}

TEST_CASE("a surge in one pool leaves the others their reserved workers and what flex is left") {
  ReferenceWorkerPools pools(hospital());
  while (pools.try_start(0, 0) != PoolSlot::none) {}
  for (int i = 0; i < 7; ++i) CHECK(pools.try_start(0, 1) == PoolSlot::reserved);
  CHECK(pools.try_start(0, 1) == PoolSlot::borrowed);  // the second flex worker
  CHECK(pools.try_start(0, 1) == PoolSlot::none);
  CHECK(pools.flex_in_use() == 2);
}

TEST_CASE("flex workers are shared: one pool's borrowing can leave another none to borrow") {
  WorkerPoolsConfig c;
  c.flex = 1;
  c.pools = {{"a", 2, 1, 1, 0, 0}, {"b", 2, 1, 1, 0, 0}};
  ReferenceWorkerPools pools(c);
  CHECK(pools.try_start(0, 0) == PoolSlot::reserved);
  CHECK(pools.try_start(0, 0) == PoolSlot::borrowed);
  CHECK(pools.try_start(0, 1) == PoolSlot::reserved);
  CHECK_FALSE(pools.can_start(0, 1));
  pools.release(0, 0, PoolSlot::borrowed);
  CHECK(pools.can_start(0, 1));
  CHECK(pools.try_start(0, 1) == PoolSlot::borrowed);
  pools.release(0, 1, PoolSlot::reserved);
  CHECK(pools.busy(1) == 1);
  CHECK(pools.flex_in_use() == 1);
}

TEST_CASE("worker pool configurations are validated, each key named by its pool") {
  WorkerPoolsConfig c = hospital();
  CHECK(validate(c).empty());
  CHECK(c.workers() == 5 + 7 + 2);
  c.pools[0].max_borrow = 0;
  CHECK_THAT(describe(validate(c)), Catch::StartsWith("pools.0.max_borrow: found 0, expected capacity - reserved (1)"));
  c = hospital();
  c.pools[1].reserved = 9;
  CHECK(describe(validate(c)) == "pools.1.reserved: found 9, expected between 0 and its capacity (8)");
  c = hospital();
  c.flex = 0;
  CHECK(describe(validate(c)) == "pools.0.max_borrow: found 1, expected at most the flex workers (0); "
                                 "pools.1.max_borrow: found 1, expected at most the flex workers (0)");
  c = hospital();
  c.pools[1].name = "icu";
  CHECK(describe(validate(c)) == "pools.1.name: \"icu\" again, expected each pool's name once");
}
