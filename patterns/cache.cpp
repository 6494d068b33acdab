#include "patterns/cache.hpp"

namespace chaossim::patterns {

std::size_t ReferenceCache::slot_of(std::uint64_t key) const {
  // Fibonacci hashing: keys drawn from a small range still spread.
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (table_.size() - 1);
}

std::uint32_t ReferenceCache::find(std::uint64_t key) const {
  if (table_.empty()) return none;
  for (std::size_t s = slot_of(key);; s = (s + 1) & (table_.size() - 1)) {
    const std::uint32_t e = table_[s];
    if (e == none || entries_[e].key == key) return e;
  }
}

void ReferenceCache::insert_slot(std::uint32_t entry) {
  std::size_t s = slot_of(entries_[entry].key);
  while (table_[s] != none) s = (s + 1) & (table_.size() - 1);
  table_[s] = entry;
}

// Linear probing's deletion: later entries of the run move back into the
// hole when their home slot allows, so that no lookup stops short of them.
void ReferenceCache::erase_slot(std::uint64_t key) {
  const std::size_t mask = table_.size() - 1;
  std::size_t hole = slot_of(key);
  while (entries_[table_[hole]].key != key) hole = (hole + 1) & mask;
  for (std::size_t s = (hole + 1) & mask; table_[s] != none; s = (s + 1) & mask) {
    const std::size_t home = slot_of(entries_[table_[s]].key);
    const bool movable = hole <= s ? (home <= hole || home > s) : (home <= hole && home > s);
    if (movable) {
      table_[hole] = table_[s];
      hole = s;
    }
  }
  table_[hole] = none;
}

void ReferenceCache::grow_table() {
  table_.assign(table_.empty() ? 16 : table_.size() * 2, none);
  for (std::uint32_t e = 0; e < entries_.size(); ++e) insert_slot(e);
}

void ReferenceCache::unlink(std::uint32_t e) {
  Entry& entry = entries_[e];
  if (entry.newer != none) entries_[entry.newer].older = entry.older;
  else newest_ = entry.older;
  if (entry.older != none) entries_[entry.older].newer = entry.newer;
  else oldest_ = entry.newer;
}

void ReferenceCache::make_newest(std::uint32_t e) {
  entries_[e].newer = none;
  entries_[e].older = newest_;
  if (newest_ != none) entries_[newest_].newer = e;
  newest_ = e;
  if (oldest_ == none) oldest_ = e;
}

std::optional<double> ReferenceCache::age(std::uint64_t key, double now) {
  const std::uint32_t e = find(key);
  if (e == none) return std::nullopt;
  if (e != newest_) {
    unlink(e);
    make_newest(e);
  }
  return now - entries_[e].stored_at;
}

void ReferenceCache::put(std::uint64_t key, double now) {
  if (const std::uint32_t e = find(key); e != none) {
    entries_[e].stored_at = now;
    if (e != newest_) {
      unlink(e);
      make_newest(e);
    }
    return;
  }
  if (capacity_ == 0) return;
  std::uint32_t e;
  if (entries_.size() >= capacity_) {
    // The least recently used entry's place takes the new key.
    e = oldest_;
    erase_slot(entries_[e].key);
    unlink(e);
    entries_[e].key = key;
  } else {
    e = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back({key, now, none, none});
    if (entries_.size() * 2 > table_.size()) {
      grow_table();  // places the new entry too
      entries_[e].stored_at = now;
      make_newest(e);
      return;
    }
  }
  entries_[e].stored_at = now;
  insert_slot(e);
  make_newest(e);
}

}  // namespace chaossim::patterns
