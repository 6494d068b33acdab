#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/bucket_spool.hpp"
#include "sim/recorder.hpp"

using namespace chaossim::sim;

namespace {

// Every bucket of a run that ended at `end`, as the simulation emits them.
std::vector<SubjectBucket> finish(Recorder& r, const BucketGrid& grid, double end) {
  r.advance(end);
  std::vector<SubjectBucket> out(grid.count());
  for (std::size_t k = 0; k < grid.count(); ++k) r.emit(k, out[k]);
  return out;
}

}  // namespace

TEST_CASE("a level is integrated over time and split at bucket boundaries") {
  const BucketGrid grid(1.0, 3.0, 0.0);
  Recorder r(grid);
  r.change(Level::busy, 0.5, +2);  // 2 from 0.5 s
  r.change(Level::busy, 2.25, -1);  // 1 from 2.25 s
  const auto s = finish(r, grid, 3.0);
  REQUIRE(s.size() == 3);
  CHECK(s[0].record.area[0] == Approx(1.0));         // 2 x 0.5
  CHECK(s[1].record.area[0] == Approx(2.0));         // 2 x 1
  CHECK(s[2].record.area[0] == Approx(0.5 + 0.75));  // 2 x 0.25 + 1 x 0.75
}

TEST_CASE("buckets emitted while the run goes on hold what a whole run's would") {
  const BucketGrid grid(1.0, 4.0, 0.0);
  Recorder streamed(grid), kept(grid);
  std::vector<SubjectBucket> out(grid.count());
  for (auto* r : {&streamed, &kept}) {
    r->change(Level::queued, 0.25, +3);
    r->count(Counter::sent, 0.5);
    r->latency(1.0, 0.2, Ending::success);  // at a boundary: bucket 1
  }
  // Time passes the end of bucket 1: bucket 0 can go.
  streamed.advance(2.0);
  streamed.emit(0, out[0]);
  for (auto* r : {&streamed, &kept}) {
    r->latency(2.0, 0.4, Ending::failure);
    r->change(Level::queued, 3.5, -3);
  }
  streamed.advance(4.0);
  for (std::size_t k = 1; k < grid.count(); ++k) streamed.emit(k, out[k]);
  const auto whole = finish(kept, grid, 4.0);
  for (std::size_t k = 0; k < grid.count(); ++k) {
    CHECK(out[k].record.counts == whole[k].record.counts);
    CHECK(out[k].record.area == whole[k].record.area);
    CHECK(out[k].record.latency[0].histogram == whole[k].record.latency[0].histogram);
    CHECK(out[k].record.latency[1].histogram == whole[k].record.latency[1].histogram);
  }
  CHECK(out[0].record.area[static_cast<std::size_t>(Level::queued)] == Approx(2.25));
  CHECK(out[1].record.latency[0].histogram.size() == 1);
  CHECK(out[2].record.latency[1].histogram.size() == 1);
}

TEST_CASE("a named level starts at its initial value and is integrated like the others") {
  const BucketGrid grid(1.0, 3.0, 0.0);
  Recorder r(grid);
  const auto limit = r.add_level("limit", 10);
  r.set(limit, 1.5, 4);  // 10 until 1.5 s, then 4
  const auto s = finish(r, grid, 3.0);
  REQUIRE(r.result().level_names == std::vector<std::string>{"limit"});
  REQUIRE(s[0].named_area.size() == 1);
  CHECK(s[0].named_area[0] == Approx(10.0));
  CHECK(s[1].named_area[0] == Approx(5.0 + 2.0));
  CHECK(s[2].named_area[0] == Approx(4.0));
  CHECK(r.result().totals.named_area[0] == Approx(21.0));
}

TEST_CASE("counts and latencies land in the bucket of the time they happen") {
  const BucketGrid grid(0.5, 2.0, 0.0);
  Recorder r(grid);
  r.count(Counter::successes, 0.1);
  r.latency(0.1, 0.010, Ending::success);
  r.latency(0.2, 0.030, Ending::success);
  r.count(Counter::failures, 1.7);
  r.latency(1.7, 0.5, Ending::failure);
  const auto s = finish(r, grid, 2.0);
  const auto& ok = s[0].record.latency[static_cast<std::size_t>(Ending::success)];
  CHECK(s[0].record[Counter::successes] == 1);
  CHECK(ok.sum_s == Approx(0.04));
  CHECK(ok.max_s == Approx(0.03));
  CHECK(ok.histogram.size() == 2);
  CHECK(s[0].record.latency[static_cast<std::size_t>(Ending::failure)].histogram.empty());
  CHECK(s[1].record.latency[0].histogram.empty());
  CHECK(s[3].record[Counter::failures] == 1);
  CHECK(s[3].record.latency[static_cast<std::size_t>(Ending::failure)].histogram.size() == 1);
  CHECK(s[3].record.latency[static_cast<std::size_t>(Ending::failure)].max_s == 0.5);
}

TEST_CASE("the totals count the buckets after warmup, latencies merged") {
  const BucketGrid grid(1.0, 3.0, 1.0);
  Recorder r(grid);
  r.count(Counter::requests, 0.5, 7);  // warmup
  r.latency(0.5, 0.100, Ending::success);
  r.count(Counter::requests, 1.5, 2);
  r.latency(1.5, 0.010, Ending::success);
  r.latency(2.5, 0.010, Ending::success);
  r.latency(2.6, 0.020, Ending::failure);
  r.change(Level::busy, 0.0, 1);
  finish(r, grid, 3.0);
  const SubjectTotals& t = r.result().totals;
  CHECK(t.counts[static_cast<std::size_t>(Counter::requests)] == 2);
  CHECK(t.area[static_cast<std::size_t>(Level::busy)] == Approx(2.0));
  const auto& ok = t.latency[static_cast<std::size_t>(Ending::success)];
  REQUIRE(ok.histogram.size() == 1);  // two samples of 10 ms, one bin
  CHECK((ok.histogram[0] & 0xffff) == 2);
  CHECK(ok.max_s == Approx(0.010));
  CHECK(t.answered_sum_s == Approx(0.040));
}

TEST_CASE("a partial last bucket takes events up to the end of the run") {
  const BucketGrid grid(1.0, 2.5, 0.0);
  CHECK(grid.count() == 3);
  CHECK(grid.index_of(2.49) == 2);
  CHECK(grid.index_of(2.5) == 2);
}

TEST_CASE("a replication result survives encoding for the trip from child to parent") {
  const BucketGrid grid(1.0, 2.0, 0.0);
  Recorder r(grid);
  r.count(Counter::sent, 0.5, 3);
  r.latency(1.5, 0.25, Ending::success);
  r.change(Level::queued, 0.0, 4);
  r.add_level("limit", 2);
  finish(r, grid, 2.0);
  ReplicationResult in;
  in.variant = "v";
  in.replication = 2;
  in.seed = 99;
  in.duration_s = 2;
  in.buckets = 2;
  in.clients.push_back(r.result());
  const ReplicationResult out = decode(encode(in), nullptr);
  CHECK(out.variant == "v");
  CHECK(out.replication == 2);
  CHECK(out.seed == 99);
  CHECK(out.buckets == 2);
  REQUIRE(out.clients.size() == 1);
  CHECK(out.clients[0].level_names == std::vector<std::string>{"limit"});
  CHECK(out.clients[0].totals.counts[static_cast<std::size_t>(Counter::sent)] == 3);
  CHECK(out.clients[0].totals.latency[0].histogram == in.clients[0].totals.latency[0].histogram);
  CHECK(out.clients[0].totals.area[1] == Approx(8.0));
  CHECK(encode(out) == encode(in));
  CHECK_THROWS(decode(encode(in).substr(1), nullptr));
}

TEST_CASE("a spool gives back every frame as written, and says when it is cut short") {
  const auto folder = SpoolFolder::make("");
  const auto spool = std::make_shared<const SpoolFile>(folder, "run.buckets");
  BucketFrame a, b;
  a.clients.resize(1);
  a.services.resize(2);
  a.edges.resize(1);
  a.clients[0].record.counts[3] = 123456789;
  a.clients[0].record.rejected_by[1] = 5;
  a.services[1].record.area[2] = 0.1 + 0.2;
  a.services[1].record.latency[1] = {1.5, 0.75, {std::uint64_t{7} << 48 | 2, std::uint64_t{900} << 48 | 70000}};
  a.edges[0].named_area = {3.25, 0.0};
  b = a;
  b.clients[0].record.counts[3] = 0;
  {
    SpoolWriter w(spool->path());
    w.write(a);
    w.write(b);
    w.close();
  }
  SpoolReader reader(spool->path());
  BucketFrame got;
  REQUIRE(reader.next(got));
  CHECK(got.services.size() == 2);
  CHECK(got.clients[0].record.counts == a.clients[0].record.counts);
  CHECK(got.clients[0].record.rejected_by == a.clients[0].record.rejected_by);
  CHECK(got.services[1].record.area == a.services[1].record.area);
  CHECK(got.services[1].record.latency[1].histogram == a.services[1].record.latency[1].histogram);
  CHECK(got.services[1].record.latency[1].sum_s == 1.5);
  CHECK(got.edges[0].named_area == a.edges[0].named_area);
  REQUIRE(reader.next(got));
  CHECK(got.clients[0].record.counts[3] == 0);
  CHECK_FALSE(reader.next(got));

  std::filesystem::resize_file(spool->path(), std::filesystem::file_size(spool->path()) - 3);
  SpoolReader cut(spool->path());
  REQUIRE(cut.next(got));
  CHECK_THROWS_WITH(cut.next(got), Catch::Contains("cut short"));
}

TEST_CASE("a spool file and its folder go with their last holder") {
  std::string path, folder_path;
  {
    const auto folder = SpoolFolder::make("");
    folder_path = folder->path();
    const auto spool = std::make_shared<const SpoolFile>(folder, "run.buckets");
    path = spool->path();
    SpoolWriter w(path);
    w.close();
    CHECK(std::filesystem::exists(path));
  }
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(folder_path));
}

TEST_CASE("the totals' latency histogram is the one of every sample after warmup, bin for bin") {
  const BucketGrid grid(1.0, 50.0, 5.0);
  Recorder r(grid);
  LatencyHistogram direct;
  std::uint64_t state = 1;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < 20000; ++i) {
    const double t = 50.0 * i / 20000;
    const double latency = 1e-4 * std::exp(8 * next());  // 0.1 ms to 300 ms
    r.latency(t, latency, Ending::success);
    if (t >= 5.0) direct.add(latency);
  }
  finish(r, grid, 50.0);
  LatencyHistogram totals;
  add_sparse(totals, r.result().totals.latency[static_cast<std::size_t>(Ending::success)].histogram);
  CHECK(totals.count() == direct.count());
  CHECK(totals.bins() == direct.bins());
}
