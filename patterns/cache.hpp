#pragma once
// Cache: the last good answer per request key, for a fallback to serve. Keys
// are integers (the simulator draws them; a real program hashes its own).
// Bounded: beyond `capacity` keys the least recently used is forgotten.
#include <cstdint>
#include <optional>
#include <vector>

namespace chaossim::patterns {

class Cache {
 public:
  virtual ~Cache() = default;
  // The age of the answer stored for `key`, if any.
  virtual std::optional<double> age(std::uint64_t key, double now) = 0;
  virtual void put(std::uint64_t key, double now) = 0;
};

// Entries in one array, linked in recency order by index, found through an
// open-addressing table: a put or a lookup touches two or three cache lines
// and allocates nothing once the cache is full (a node-based map and list
// cost a simulation of 100,000 keys a tenth of its time, and as much again
// to free at its end).
class ReferenceCache final : public Cache {
 public:
  static constexpr std::size_t default_capacity = 100000;

  explicit ReferenceCache(std::size_t capacity = default_capacity) : capacity_(capacity) {}
  std::optional<double> age(std::uint64_t key, double now) override;
  void put(std::uint64_t key, double now) override;
  std::size_t size() const { return entries_.size(); }

 private:
  static constexpr std::uint32_t none = ~0u;
  struct Entry {
    std::uint64_t key;
    double stored_at;
    std::uint32_t newer, older;  // neighbours in recency order
  };
  std::uint32_t find(std::uint64_t key) const;  // the entry's index, or none
  std::size_t slot_of(std::uint64_t key) const;
  void insert_slot(std::uint32_t entry);
  void erase_slot(std::uint64_t key);
  void grow_table();
  void unlink(std::uint32_t entry);
  void make_newest(std::uint32_t entry);

  std::size_t capacity_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> table_;  // entry indices, none for an empty slot; a power of two long
  std::uint32_t newest_ = none, oldest_ = none;
};

}  // namespace chaossim::patterns
