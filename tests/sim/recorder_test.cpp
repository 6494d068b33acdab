#include <catch2/catch.hpp>

#include "sim/recorder.hpp"

using namespace chaossim::sim;

TEST_CASE("a level is integrated over time and split at bucket boundaries") {
  const BucketGrid grid(1.0, 3.0);
  Recorder r(grid);
  r.change(Level::busy, 0.5, +2);  // 2 from 0.5 s
  r.change(Level::busy, 2.25, -1);  // 1 from 2.25 s
  const Series s = r.finish(3.0);
  REQUIRE(s.buckets.size() == 3);
  CHECK(s.buckets[0].area[0] == Approx(1.0));         // 2 x 0.5
  CHECK(s.buckets[1].area[0] == Approx(2.0));         // 2 x 1
  CHECK(s.buckets[2].area[0] == Approx(0.5 + 0.75));  // 2 x 0.25 + 1 x 0.75
}

TEST_CASE("a named level starts at its initial value and is integrated like the others") {
  const BucketGrid grid(1.0, 3.0);
  Recorder r(grid);
  const auto limit = r.add_level("limit", 10);
  r.set(limit, 1.5, 4);  // 10 until 1.5 s, then 4
  const Series s = r.finish(3.0);
  REQUIRE(s.named_levels.size() == 1);
  CHECK(s.named_levels[0].name == "limit");
  REQUIRE(s.named_levels[0].area.size() == 3);
  CHECK(s.named_levels[0].area[0] == Approx(10.0));
  CHECK(s.named_levels[0].area[1] == Approx(5.0 + 2.0));
  CHECK(s.named_levels[0].area[2] == Approx(4.0));
  ReplicationResult in;
  in.edges.push_back(s);
  const ReplicationResult out = decode(encode(in));
  REQUIRE(out.edges.at(0).named_levels.size() == 1);
  CHECK(out.edges[0].named_levels[0].name == "limit");
  CHECK(out.edges[0].named_levels[0].area == s.named_levels[0].area);
}

TEST_CASE("counts and latencies land in the bucket of the time they happen") {
  const BucketGrid grid(0.5, 2.0);
  Recorder r(grid);
  r.count(Counter::successes, 0.1);
  r.latency(0.1, 0.010, Ending::success);
  r.latency(0.2, 0.030, Ending::success);
  r.count(Counter::failures, 1.7);
  r.latency(1.7, 0.5, Ending::failure);
  const Series s = r.finish(2.0);
  const auto& ok = s.buckets[0].latency[static_cast<std::size_t>(Ending::success)];
  CHECK(s.buckets[0][Counter::successes] == 1);
  CHECK(ok.sum_s == Approx(0.04));
  CHECK(ok.max_s == Approx(0.03));
  CHECK(ok.histogram.size() == 2);
  CHECK(s.buckets[0].latency[static_cast<std::size_t>(Ending::failure)].histogram.empty());
  CHECK(s.buckets[1].latency[0].histogram.empty());
  CHECK(s.buckets[3][Counter::failures] == 1);
  CHECK(s.buckets[3].latency[static_cast<std::size_t>(Ending::failure)].histogram.size() == 1);
  CHECK(s.buckets[3].latency[static_cast<std::size_t>(Ending::failure)].max_s == 0.5);
}

TEST_CASE("a partial last bucket takes events up to the end of the run") {
  const BucketGrid grid(1.0, 2.5);
  CHECK(grid.count() == 3);
  CHECK(grid.index_of(2.49) == 2);
  CHECK(grid.index_of(2.5) == 2);
}

TEST_CASE("a replication result survives encoding for the trip from child to parent") {
  const BucketGrid grid(1.0, 2.0);
  Recorder r(grid);
  r.count(Counter::sent, 0.5, 3);
  r.latency(1.5, 0.25, Ending::success);
  r.change(Level::queued, 0.0, 4);
  ReplicationResult in;
  in.variant = "v";
  in.replication = 2;
  in.seed = 99;
  in.duration_s = 2;
  in.clients.push_back(r.finish(2.0));
  const ReplicationResult out = decode(encode(in));
  CHECK(out.variant == "v");
  CHECK(out.replication == 2);
  CHECK(out.seed == 99);
  REQUIRE(out.clients.size() == 1);
  CHECK(out.clients[0].buckets[0][Counter::sent] == 3);
  CHECK(out.clients[0].buckets[1].latency[0].histogram == in.clients[0].buckets[1].latency[0].histogram);
  CHECK(out.clients[0].buckets[1].area[1] == Approx(4.0));
  CHECK(encode(out) == encode(in));
  CHECK_THROWS(decode(encode(in).substr(1)));
}
