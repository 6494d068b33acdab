#include "patterns/worker_pools.hpp"

#include <set>

namespace chaossim::patterns {

ConfigProblems validate(const WorkerPoolsConfig& c) {
  ConfigProblems p;
  if (c.flex < 0) p.push_back({"flex", "found " + number_text(c.flex) + ", expected at least 0"});
  std::set<std::string> names;
  for (std::size_t k = 0; k < c.pools.size(); ++k) {
    const WorkerPoolConfig& pool = c.pools[k];
    const std::string at = "pools." + std::to_string(k) + ".";
    if (!names.insert(pool.name).second) p.push_back({at + "name", "\"" + pool.name + "\" again, expected each pool's name once"});
    if (pool.capacity < 1) p.push_back({at + "capacity", "found " + number_text(pool.capacity) + ", expected at least 1"});
    if (pool.reserved < 0 || pool.reserved > pool.capacity)
      p.push_back({at + "reserved", "found " + number_text(pool.reserved) + ", expected between 0 and its capacity (" +
                                        number_text(pool.capacity) + ")"});
    else if (pool.max_borrow != pool.capacity - pool.reserved)
      p.push_back({at + "max_borrow", "found " + number_text(pool.max_borrow) + ", expected capacity - reserved (" +
                                          number_text(pool.capacity - pool.reserved) + "): what it borrows is what takes it past its reserved workers"});
    else if (pool.max_borrow > c.flex)
      p.push_back({at + "max_borrow", "found " + number_text(pool.max_borrow) + ", expected at most the flex workers (" +
                                          number_text(c.flex) + ")"});
    if (pool.max_queue < 0) p.push_back({at + "max_queue", "found " + number_text(pool.max_queue) + ", expected at least 0"});
    if (!(pool.max_wait_s >= 0)) p.push_back({at + "max_wait", "found " + number_text(pool.max_wait_s) + "s, expected at least 0s"});
  }
  if (c.pools.empty()) p.push_back({"pools", "none, expected at least one pool"});
  return p;
}

WorkerPools::WorkerPools(const WorkerPoolsConfig& config) : config_(config), state_(config.pools.size()) {}

bool WorkerPools::can_start(int pool) const {
  const auto& c = config_.pools[static_cast<std::size_t>(pool)];
  const State& s = state_[static_cast<std::size_t>(pool)];
  return s.reserved_busy < c.reserved || (s.borrowed < c.max_borrow && flex_in_use_ < config_.flex);
}

PoolSlot WorkerPools::try_start(int pool) {
  const auto& c = config_.pools[static_cast<std::size_t>(pool)];
  State& s = state_[static_cast<std::size_t>(pool)];
  if (s.reserved_busy < c.reserved) {
    ++s.reserved_busy;
    return PoolSlot::reserved;
  }
  if (s.borrowed < c.max_borrow && flex_in_use_ < config_.flex) {
    ++s.borrowed;
    ++flex_in_use_;
    return PoolSlot::borrowed;
  }
  return PoolSlot::none;
}

void WorkerPools::release(int pool, PoolSlot slot) {
  State& s = state_[static_cast<std::size_t>(pool)];
  if (slot == PoolSlot::reserved) {
    --s.reserved_busy;
  } else if (slot == PoolSlot::borrowed) {
    --s.borrowed;
    --flex_in_use_;
  }
}

void WorkerPools::reset() {
  for (State& s : state_) s = State{};
  flex_in_use_ = 0;
}

}  // namespace chaossim::patterns
