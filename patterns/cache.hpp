#pragma once
// Cache: the last good answer per request key, for a fallback to serve. Keys
// are integers (the simulator draws them; a real program hashes its own).
// Bounded: beyond `capacity` keys the least recently used is forgotten.
#include <cstdint>
#include <list>
#include <optional>
#include <unordered_map>

namespace chaossim::patterns {

class Cache {
 public:
  virtual ~Cache() = default;
  // The age of the answer stored for `key`, if any.
  virtual std::optional<double> age(std::uint64_t key, double now) = 0;
  virtual void put(std::uint64_t key, double now) = 0;
};

class ReferenceCache final : public Cache {
 public:
  static constexpr std::size_t default_capacity = 100000;

  explicit ReferenceCache(std::size_t capacity = default_capacity) : capacity_(capacity) {}
  std::optional<double> age(std::uint64_t key, double now) override;
  void put(std::uint64_t key, double now) override;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    double stored_at;
    std::list<std::uint64_t>::iterator recency;
  };
  std::size_t capacity_;
  std::list<std::uint64_t> recency_;  // most recent first
  std::unordered_map<std::uint64_t, Entry> entries_;
};

}  // namespace chaossim::patterns
