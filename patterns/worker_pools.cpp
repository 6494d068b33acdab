#include "patterns/worker_pools.hpp"

namespace chaossim::patterns {

ReferenceWorkerPools::ReferenceWorkerPools(const WorkerPoolsConfig& config) : config_(config), state_(config.pools.size()) {}

PoolSlot ReferenceWorkerPools::free_slot(int pool) const {
  const auto& c = config_.pools[static_cast<std::size_t>(pool)];
  const State& s = state_[static_cast<std::size_t>(pool)];
  if (s.reserved_busy < c.reserved) return PoolSlot::reserved;
  if (s.borrowed < c.max_borrow && flex_in_use_ < config_.flex) return PoolSlot::borrowed;
  return PoolSlot::none;
}

bool ReferenceWorkerPools::can_start(double /*now*/, int pool) { return free_slot(pool) != PoolSlot::none; }

PoolSlot ReferenceWorkerPools::try_start(double /*now*/, int pool) {
  const PoolSlot slot = free_slot(pool);
  State& s = state_[static_cast<std::size_t>(pool)];
  if (slot == PoolSlot::reserved) {
    ++s.reserved_busy;
  } else if (slot == PoolSlot::borrowed) {
    ++s.borrowed;
    ++flex_in_use_;
  }
  return slot;
}

void ReferenceWorkerPools::release(double /*now*/, int pool, PoolSlot slot) {
  State& s = state_[static_cast<std::size_t>(pool)];
  if (slot == PoolSlot::reserved) {
    --s.reserved_busy;
  } else if (slot == PoolSlot::borrowed) {
    --s.borrowed;
    --flex_in_use_;
  }
}

}  // namespace chaossim::patterns
