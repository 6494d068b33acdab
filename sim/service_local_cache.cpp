#include "sim/service_simulator.hpp"

#include "sim/key_sampler.hpp"

// A service's local cache (scenarios' LocalCache): per instance, the keys of
// the requests it answered after making their calls, so that a request with
// one of them skips its calls. Its entries over time show it refill after a
// restart, when the calls it saved go back to its dependencies.
namespace chaossim::sim {

void ServiceSimulator::start_local_caches(const scenarios::LocalCache& config) {
  local_caches_.assign(instances_.size(), patterns::ReferenceCache(static_cast<std::size_t>(config.capacity)));
  cache_entries_level_ = recorder_.add_level("local_cache_entries", 0);
}

bool ServiceSimulator::cache_holds(const Request* r, double now) {
  if ((r->key & KeySampler::unique_bit) != 0) return false;  // a key of its own: nobody asks for it again
  const auto age = local_caches_[r->attempt->instance].age(r->key, now);
  return age && *age < config_.local_cache->ttl_s;
}

void ServiceSimulator::cache_answer(const Request* r, double now) {
  if ((r->key & KeySampler::unique_bit) != 0) return;
  auto& cache = local_caches_[r->attempt->instance];
  const std::size_t before = cache.size();
  cache.put(r->key, now);
  if (cache.size() != before) {
    cache_entries_ += cache.size() - before;
    recorder_.set(cache_entries_level_, now, static_cast<double>(cache_entries_));
  }
}

void ServiceSimulator::forget_cache(std::uint32_t instance, double now) {
  auto& cache = local_caches_[instance];
  cache_entries_ -= cache.size();
  cache = patterns::ReferenceCache(static_cast<std::size_t>(config_.local_cache->capacity));
  recorder_.set(cache_entries_level_, now, static_cast<double>(cache_entries_));
}

}  // namespace chaossim::sim
