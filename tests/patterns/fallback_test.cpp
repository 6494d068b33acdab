#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "patterns/fallback.hpp"
#include "patterns/health_check.hpp"
#include "patterns/hedge.hpp"

using namespace chaossim::patterns;

namespace {
FallbackEntry cache_entry(double ttl, bool stale) {
  FallbackEntry e;
  e.kind = FallbackKind::cache;
  e.cache_ttl_s = ttl;
  e.serve_stale_on_error = stale;
  return e;
}
FallbackEntry value_entry() {
  FallbackEntry e;
  e.kind = FallbackKind::value;
  e.value = "degraded";
  return e;
}
}  // namespace

TEST_CASE("the cache remembers the last good answer per key and forgets the least recently used") {
  ReferenceCache cache(2);
  CHECK_FALSE(cache.age(1, 0));
  cache.put(1, 10);
  cache.put(2, 11);
  CHECK(*cache.age(1, 15) == Approx(5));  // 1 is now the most recent
  cache.put(3, 12);                       // evicts 2
  CHECK_FALSE(cache.age(2, 15));
  CHECK(cache.age(1, 15));
  CHECK(cache.size() == 2);
  cache.put(1, 14);
  CHECK(*cache.age(1, 15) == Approx(1));
}

TEST_CASE("the cache keeps exactly what a textbook LRU keeps, through evictions and table growth") {
  // The model: a list, most recent first, searched linearly.
  for (std::size_t capacity : {1u, 3u, 17u, 1000u}) {
    ReferenceCache cache(capacity);
    std::vector<std::pair<std::uint64_t, double>> model;
    std::uint64_t state = capacity;
    const auto draw = [&](std::uint64_t n) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % n;
    };
    for (int step = 0; step < 20000; ++step) {
      // Keys from a range a few times the capacity, some of them huge.
      std::uint64_t key = draw(capacity * 3 + 2);
      if (key % 7 == 0) key = ~key;
      const double now = step;
      const auto it = std::find_if(model.begin(), model.end(), [&](const auto& e) { return e.first == key; });
      if (draw(2) == 0) {
        const auto got = cache.age(key, now);
        INFO("capacity " << capacity << ", step " << step);
        REQUIRE(got.has_value() == (it != model.end()));
        if (it != model.end()) {
          CHECK(*got == now - it->second);
          std::rotate(model.begin(), it, it + 1);
        }
      } else {
        if (it != model.end()) {
          it->second = now;
          std::rotate(model.begin(), it, it + 1);
        } else {
          model.insert(model.begin(), {key, now});
          if (model.size() > capacity) model.pop_back();
        }
        cache.put(key, now);
      }
      REQUIRE(cache.size() == model.size());
    }
  }
  ReferenceCache none(0);
  none.put(1, 0);
  CHECK_FALSE(none.age(1, 1));
}

TEST_CASE("a cache fallback serves entries younger than its ttl or any age when stale is allowed") {
  CHECK(cache_may_serve(cache_entry(60, false), 59.0));
  CHECK_FALSE(cache_may_serve(cache_entry(60, false), 61.0));
  CHECK(cache_may_serve(cache_entry(60, true), 600.0));
  CHECK_FALSE(cache_may_serve(cache_entry(60, true), std::nullopt));
}

TEST_CASE("the fallback chain skips a cache with nothing usable and ends when exhausted") {
  FallbackConfig chain{{cache_entry(10, false), value_entry()}};
  ReferenceCache cache;
  CHECK(next_fallback(chain, 0, 7, cache, 100) == 1u);  // nothing cached: the value
  cache.put(7, 95);
  CHECK(next_fallback(chain, 0, 7, cache, 100) == 0u);  // 5 s old: the cache
  CHECK(next_fallback(chain, 0, 7, cache, 200) == 1u);  // too old
  CHECK_FALSE(next_fallback(chain, 2, 7, cache, 100));
  FallbackConfig cache_only{{cache_entry(10, false)}};
  CHECK_FALSE(next_fallback(cache_only, 0, 8, cache, 100));
}

TEST_CASE("hedges go out every after seconds until max_hedges") {
  HedgePolicy hedge({0.05, 2});
  CHECK(*hedge.next_hedge_at(1.0, 0) == Approx(1.05));
  CHECK(*hedge.next_hedge_at(1.0, 1) == Approx(1.10));
  CHECK_FALSE(hedge.next_hedge_at(1.0, 2));
}

TEST_CASE("an instance leaves after unhealthy_after failed probes in a row and returns after healthy_after good ones") {
  HealthCheckConfig c;
  c.unhealthy_after = 3;
  c.healthy_after = 2;
  ReferenceHealthChecker h(c, 2);
  h.on_probe(0, false, 1);
  h.on_probe(0, false, 2);
  h.on_probe(0, true, 3);  // the streak breaks
  h.on_probe(0, false, 4);
  h.on_probe(0, false, 5);
  CHECK(h.healthy(0));
  h.on_probe(0, false, 6);
  CHECK_FALSE(h.healthy(0));
  CHECK(h.healthy(1));  // instances are judged apart
  h.on_probe(0, true, 7);
  CHECK_FALSE(h.healthy(0));
  h.on_probe(0, true, 8);
  CHECK(h.healthy(0));
}
