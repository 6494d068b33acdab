#include "patterns/fallback.hpp"

namespace chaossim::patterns {

bool cache_may_serve(const FallbackEntry& entry, std::optional<double> age) {
  return age && (entry.serve_stale_on_error || *age <= entry.cache_ttl_s);
}

std::optional<std::size_t> next_fallback(const FallbackConfig& chain, std::size_t from, std::uint64_t key, Cache& cache,
                                         double now) {
  for (std::size_t i = from; i < chain.chain.size(); ++i) {
    const FallbackEntry& e = chain.chain[i];
    if (e.kind != FallbackKind::cache || cache_may_serve(e, cache.age(key, now))) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> ReferenceFallbackRegistry::next(std::size_t from, std::uint64_t key, Cache& cache, double now) {
  return next_fallback(config_, from, key, cache, now);
}

}  // namespace chaossim::patterns
