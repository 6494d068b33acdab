#pragma once
// Fallback: when a call fails, the alternatives of the chain are tried in
// order until one gives an answer; that answer is a success, and degraded.
// The decision for a cache entry is here; calling another service is the
// caller's (it goes through the network like any call).
#include <cstdint>
#include <optional>

#include "patterns/cache.hpp"
#include "patterns/fallback_config.hpp"

namespace chaossim::patterns {

// May the cache entry serve `key`, given the age of what it holds?
// Younger than the ttl, or of any age when serve_stale_on_error is set.
bool cache_may_serve(const FallbackEntry& entry, std::optional<double> age);

// The index of the first alternative at or after `from` that applies, or
// nullopt when the chain is exhausted. A cache alternative without a usable
// entry for `key` is skipped.
std::optional<std::size_t> next_fallback(const FallbackConfig& chain, std::size_t from, std::uint64_t key,
                                         Cache& cache, double now);

}  // namespace chaossim::patterns
