#include "patterns/cache.hpp"

namespace chaossim::patterns {

std::optional<double> ReferenceCache::age(std::uint64_t key, double now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  recency_.splice(recency_.begin(), recency_, it->second.recency);
  return now - it->second.stored_at;
}

void ReferenceCache::put(std::uint64_t key, double now) {
  if (auto it = entries_.find(key); it != entries_.end()) {
    it->second.stored_at = now;
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return;
  }
  if (capacity_ == 0) return;
  if (entries_.size() >= capacity_) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(key);
  entries_.emplace(key, Entry{now, recency_.begin()});
}

}  // namespace chaossim::patterns
