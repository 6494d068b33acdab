#pragma once
// Fallback: when a call fails, the alternatives of the chain are tried in
// order until one gives an answer; that answer is a success, and degraded.
// The decision for a cache entry is here; calling another service is the
// caller's (it goes through the network like any call).
#include <cstdint>
#include <optional>
#include <utility>

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

// FallbackRegistry: the same decision behind an interface, one per fallback
// chain, so a student's implementation can stand in for next_fallback.
class FallbackRegistry {
 public:
  virtual ~FallbackRegistry() = default;
  // The call failed and alternatives before `from` were tried (or none, from 0):
  // the alternative to use next, or nullopt to give up. The chain's cache
  // entries consult `cache` for `key`.
  virtual std::optional<std::size_t> next(std::size_t from, std::uint64_t key, Cache& cache, double now) = 0;
};

class ReferenceFallbackRegistry final : public FallbackRegistry {
 public:
  explicit ReferenceFallbackRegistry(FallbackConfig config) : config_(std::move(config)) {}
  std::optional<std::size_t> next(std::size_t from, std::uint64_t key, Cache& cache, double now) override;

 private:
  FallbackConfig config_;
};

}  // namespace chaossim::patterns
