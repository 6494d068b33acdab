// The occurrences a run's faults play, as drawn from its seed: Jepsen's
// splits, schedules, and a chaos monkey's blast radius.
#include <algorithm>
#include <cmath>
#include <set>

#include <catch2/catch.hpp>

#include "sim/fault_effects.hpp"
#include "sim/fault_timeline.hpp"
#include "sim/simulation.hpp"
#include "tests/test_support.hpp"

using namespace chaossim;

namespace {

// Services s0 .. s{n-1}, each with `instances`, and the faults given.
scenarios::Scenario topology(int services, int instances, const std::string& faults, const std::string& duration = "1000s") {
  std::string list;
  for (int i = 0; i < services; ++i)
    list += (i ? "," : "") + std::string(R"({"name": "s)") + std::to_string(i) + R"(", "instances": )" + std::to_string(instances) +
            R"(, "zones": ["a", "b"], "service_time": {"dist": "constant", "value": "1ms"}})";
  return testing::load_text(R"({"schema": "chaossim/scenario/v1", "name": "t", "duration": ")" + duration + R"(",
    "services": [)" + list + R"(],
    "clients": [{"name": "u", "target": "s0", "arrival": {"process": "poisson", "rate": "1/s"}}],
    "faults": [)" + faults + "]}")
      .base;
}

const scenarios::PartitionFault& split_of(const sim::FaultOccurrence& o) { return *o.played.as<scenarios::PartitionFault>(); }

// Does node `from` reach node `to` in the drawn split (does `to` hear it)?
bool hears(const scenarios::PartitionFault& p, int to, int from) {
  const auto& view = p.views[static_cast<std::size_t>(to)];
  return std::find(view.begin(), view.end(), from) != view.end();
}

}  // namespace

TEST_CASE("halves splits the listed services into two non-empty halves whose sizes differ by at most one, the same for a seed") {
  for (int n : {2, 3, 5, 8}) {
    const auto s = topology(n + 1, 1, R"({"kind": "partition", "at": "10s", "for": "5s", "split": "halves", "of": [)" + [&] {
      std::string of;
      for (int i = 1; i <= n; ++i) of += (i > 1 ? ",\"s" : "\"s") + std::to_string(i) + "\"";
      return of;
    }() + "]}");
    std::set<std::vector<std::vector<std::string>>> seen;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const auto timeline = sim::fault_timeline(s, seed);
      REQUIRE(timeline.occurrences.size() == 1);
      const auto& p = split_of(timeline.occurrences[0]);
      REQUIRE(p.groups.size() == 2);
      INFO(n << " services, seed " << seed);
      CHECK_FALSE(p.groups[0].empty());
      CHECK_FALSE(p.groups[1].empty());
      CHECK(std::abs(static_cast<int>(p.groups[0].size()) - static_cast<int>(p.groups[1].size())) <= 1);
      CHECK(static_cast<int>(p.groups[0].size() + p.groups[1].size()) == n);
      // s0, not listed, is in neither half.
      for (const auto& g : p.groups) CHECK(std::find(g.begin(), g.end(), "s0") == g.end());
      // Reproducible: the same seed draws the same halves.
      CHECK(split_of(sim::fault_timeline(s, seed).occurrences[0]).groups == p.groups);
      seen.insert(p.groups);
    }
    if (n >= 3) CHECK(seen.size() > 1);  // and the seed matters
  }
}

TEST_CASE("majorities_ring gives each node a majority view, and no two nodes the same view") {
  for (int n : {3, 4, 5, 6, 7}) {
    const auto s = topology(n, 1, R"({"kind": "partition", "at": "10s", "for": "5s", "split": "majorities_ring"})");
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
      const auto timeline = sim::fault_timeline(s, seed);
      const auto& p = split_of(timeline.occurrences[0]);
      INFO(n << " nodes, seed " << seed);
      REQUIRE(p.views.size() == static_cast<std::size_t>(n));
      std::set<std::vector<int>> distinct;
      for (int node = 0; node < n; ++node) {
        const auto& view = p.views[static_cast<std::size_t>(node)];
        CHECK(static_cast<int>(view.size()) > n / 2);  // a majority
        CHECK(static_cast<int>(view.size()) < n);      // but cut from someone
        CHECK(hears(p, node, node));
        distinct.insert(view);
      }
      CHECK(static_cast<int>(distinct.size()) == n);
    }
  }
}

TEST_CASE("isolate cuts one node from all the others, and bridge keeps one node that both halves hear") {
  const auto isolate = topology(5, 1, R"({"kind": "partition", "at": "10s", "for": "5s", "split": "isolate"})");
  const auto bridge = topology(5, 1, R"({"kind": "partition", "at": "10s", "for": "5s", "split": "bridge"})");
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto isolated = sim::fault_timeline(isolate, seed), bridged = sim::fault_timeline(bridge, seed);
    const auto& alone = split_of(isolated.occurrences[0]);
    REQUIRE(alone.groups.size() == 2);
    CHECK(alone.groups[0].size() == 1);
    CHECK(alone.groups[1].size() == 4);
    const auto& b = split_of(bridged.occurrences[0]);
    REQUIRE(b.groups.size() == 2);
    std::vector<std::string> shared;
    for (const auto& name : b.groups[0])
      if (std::find(b.groups[1].begin(), b.groups[1].end(), name) != b.groups[1].end()) shared.push_back(name);
    REQUIRE(shared.size() == 1);
    CHECK(b.groups[0].size() + b.groups[1].size() == 6);
    // Everyone hears the bridge and the bridge hears everyone; the halves' own nodes do not hear each other.
    const auto bridge_node = static_cast<int>(std::find(b.node_names.begin(), b.node_names.end(), shared[0]) - b.node_names.begin());
    for (int node = 0; node < 5; ++node) {
      CHECK(hears(b, node, bridge_node));
      CHECK(hears(b, bridge_node, node));
    }
  }
}

TEST_CASE("instances as nodes: a split cuts instances apart, and only the routes between them") {
  const auto s = topology(2, 2, R"({"kind": "partition", "at": "10s", "for": "5s", "split": "halves", "nodes": "instances"})");
  const auto timeline = sim::fault_timeline(s, 3);
  const auto& p = split_of(timeline.occurrences[0]);
  CHECK(p.node_names == std::vector<std::string>{"s0#0", "s0#1", "s1#0", "s1#1"});
  const auto effects = sim::fault_effects(s, timeline);
  CHECK(effects.cuts.empty());  // no service is cut whole
  // Every pair across the halves is cut both ways, and no pair within one.
  std::size_t across = 0;
  for (std::size_t a = 0; a < 4; ++a)
    for (std::size_t b = 0; b < 4; ++b) {
      const bool apart = !hears(p, static_cast<int>(b), static_cast<int>(a));
      const auto key = std::make_pair(std::make_pair(p.node_ids[a].service, p.node_ids[a].instance),
                                      std::make_pair(p.node_ids[b].service, p.node_ids[b].instance));
      CHECK(effects.instance_cuts.count(key) == (apart ? 1u : 0u));
      across += apart;
    }
  CHECK(across == 8);  // 2 x 2 pairs, both ways
}

TEST_CASE("a repeating fault occurs exactly count times, every period, or as many times as end before until") {
  const auto counted = topology(1, 1, R"({"kind": "errors", "at": "10s", "for": "2s", "target": "s0", "rate": 1,
                                          "schedule": {"every": "10s", "count": 4}})");
  const auto timeline = sim::fault_timeline(counted, 7);
  REQUIRE(timeline.occurrences.size() == 4);
  for (int k = 0; k < 4; ++k) {
    CHECK(timeline.occurrences[static_cast<std::size_t>(k)].nth == k);
    CHECK(timeline.occurrences[static_cast<std::size_t>(k)].played.at_s == Approx(10 + 10 * k));
    CHECK(timeline.occurrences[static_cast<std::size_t>(k)].played.end_s() == Approx(12 + 10 * k));
  }
  const auto uncounted = topology(1, 1, R"({"kind": "errors", "at": "10s", "for": "2s", "target": "s0", "rate": 1,
                                            "schedule": {"every": "10s", "until": "45s"}})",
                                  "60s");
  CHECK(sim::fault_timeline(uncounted, 7).occurrences.size() == 4);  // 10, 20, 30, 40 (ending at 42)
}

TEST_CASE("a Poisson schedule's onset count matches its rate within a Poisson interval over replications") {
  // 0.05 onsets a second from 100 s to 900 s: 40 expected per run.
  const auto s = topology(1, 1, R"({"kind": "errors", "at": "100s", "for": "1s", "target": "s0", "rate": 1,
                                    "schedule": {"random": "poisson", "rate": 0.05, "until": "900s"}})");
  const int runs = 200;
  long total = 0;
  for (int r = 0; r < runs; ++r) {
    const auto timeline = sim::fault_timeline(s, sim::replication_seed(42, r));
    total += static_cast<long>(timeline.occurrences.size());
    for (const auto& o : timeline.occurrences) {
      CHECK(o.played.at_s >= 100);
      CHECK(o.played.at_s < 900);
    }
  }
  // The total is Poisson with mean 200 x 40: a 99.9% interval is about 3.29 standard deviations.
  const double expected = runs * 0.05 * 800;
  INFO("onsets " << total << ", expected " << expected);
  CHECK(std::abs(static_cast<double>(total) - expected) < 3.29 * std::sqrt(expected));
}

TEST_CASE("a uniform schedule places exactly count onsets between at and until") {
  const auto s = topology(1, 1, R"({"kind": "errors", "at": "100s", "for": "1s", "target": "s0", "rate": 1,
                                    "schedule": {"random": "uniform", "count": 5, "until": "200s",
                                                 "duration": {"dist": "uniform", "min": "1s", "max": "3s"}}})");
  const auto timeline = sim::fault_timeline(s, 9);
  REQUIRE(timeline.occurrences.size() == 5);
  for (const auto& o : timeline.occurrences) {
    CHECK(o.played.at_s >= 100);
    CHECK(o.played.at_s < 200);
    CHECK(o.played.for_s >= 1);
    CHECK(o.played.for_s <= 3);
  }
}

TEST_CASE("a chaos monkey never holds more instances down than its blast radius, at any instant") {
  // Kills of 1 to 3 random instances of 6, about every 20 s, each down 5 to 60 s; at most 2 at once.
  const auto s = topology(1, 6, R"({"kind": "crash", "at": "10s", "for": "30s", "target": "s0", "instances": 3, "pick": "random",
                                    "schedule": {"random": "poisson", "rate": 0.05, "duration": {"dist": "uniform", "min": "5s", "max": "60s"},
                                                 "blast_radius": {"instances": 2}}})");
  int occurrences = 0, held_back = 0;
  std::set<int> victims;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const auto timeline = sim::fault_timeline(s, seed);
    held_back += timeline.held_back[0];
    const auto effects = sim::fault_effects(s, timeline);
    const auto& outages = effects.services[0].outages;
    // The count of instances down changes only at an outage's start: check there, and just after.
    for (const auto& o : outages) {
      std::set<int> down;
      for (const auto& other : outages)
        if (other.window.active_at(o.window.start)) down.insert(other.instance);
      CHECK(down.size() <= 2);
    }
    for (const auto& o : timeline.occurrences) {
      ++occurrences;
      const auto& chosen = o.played.instance_pick()->chosen;
      CHECK_FALSE(chosen.empty());
      CHECK(chosen.size() <= 2);
      victims.insert(chosen.begin(), chosen.end());
    }
  }
  CHECK(occurrences > 100);
  CHECK(held_back > 0);          // the radius held some onsets back
  CHECK(victims.size() == 6u);   // and random picks reached every instance
}

TEST_CASE("a blast radius of a zone takes only the instances in that zone") {
  const auto s = topology(1, 6, R"({"kind": "crash", "at": "10s", "for": "5s", "target": "s0", "instances": 1, "pick": "random",
                                    "schedule": {"every": "10s", "count": 50, "blast_radius": {"zone": "b"}}})");
  const auto timeline = sim::fault_timeline(s, 5);
  REQUIRE(timeline.occurrences.size() == 50);
  std::set<int> victims;
  for (const auto& o : timeline.occurrences)
    for (int i : o.played.instance_pick()->chosen) victims.insert(i);
  CHECK(victims == std::set<int>{1, 3, 5});  // zones are taken in turn: a, b, a, b, ...
}

TEST_CASE("a crash takes the instances it lists, or a fraction of them, and a staggered restart brings them back one by one") {
  const auto s = topology(1, 6, R"({"kind": "crash", "at": "10s", "for": "5s", "target": "s0", "instances": [2, 5], "restart": {"stagger": "4s"}},
                                   {"kind": "crash", "at": "40s", "for": "5s", "target": "s0", "fraction": 0.5})");
  const auto timeline = sim::fault_timeline(s, 1);
  CHECK(timeline.occurrences[0].played.end_s() == Approx(19));
  const auto effects = sim::fault_effects(s, timeline);
  const auto& outages = effects.services[0].outages;
  REQUIRE(outages.size() == 5);
  CHECK(outages[0].instance == 2);
  CHECK(outages[0].window.end == Approx(15));
  CHECK(outages[1].instance == 5);
  CHECK(outages[1].window.end == Approx(19));
  for (std::size_t k = 2; k < 5; ++k) CHECK(outages[k].instance == static_cast<int>(k - 2));  // the first half
}

TEST_CASE("a crash loop keeps its instances down `down` in every `down` + `uptime`, until it ends") {
  const auto s = topology(1, 2, R"({"kind": "crash_loop", "at": "10s", "for": "25s", "target": "s0", "instances": [1], "down": "2s", "uptime": "8s"})");
  const auto effects = sim::fault_effects(s, sim::fault_timeline(s, 1));
  const auto& outages = effects.services[0].outages;
  REQUIRE(outages.size() == 3);  // at 10, 20 and 30 s
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(outages[k].instance == 1);
    CHECK(outages[k].window.start == Approx(10 + 10.0 * static_cast<double>(k)));
    CHECK(outages[k].window.end == Approx(12 + 10.0 * static_cast<double>(k)));
  }
}
