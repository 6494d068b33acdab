#pragma once
// WorkerPools: which worker a request may take on one server whose workers
// are split into pools. A pool runs on its reserved workers first, which no
// other pool touches, then borrows from the shared flex workers up to
// max_borrow, never past its capacity: a surge of one pool takes at most its
// capacity, and the others keep their reserved workers. Decisions only; the
// server keeps each pool's waiting requests.
#include <string_view>
#include <vector>

#include "patterns/worker_pools_config.hpp"

namespace chaossim::patterns {

// Unsigned: a request keeps it in a 2-bit field.
enum class PoolSlot : unsigned { none, reserved, borrowed };

constexpr std::string_view name_of(PoolSlot slot) {
  return slot == PoolSlot::reserved ? "reserved" : slot == PoolSlot::borrowed ? "borrowed" : "none";
}

class WorkerPools {
 public:
  virtual ~WorkerPools() = default;
  // The worker a request of `pool` (its index in the config) takes now: one
  // of its reserved, a borrowed flex one, or none free for it (it waits or
  // is refused).
  virtual PoolSlot try_start(double now, int pool) = 0;
  // Whether one could start now, without taking it.
  virtual bool can_start(double now, int pool) = 0;
  // A request of `pool` holding a worker of kind `slot` is done with it.
  virtual void release(double now, int pool, PoolSlot slot) = 0;
};

class ReferenceWorkerPools final : public WorkerPools {
 public:
  explicit ReferenceWorkerPools(const WorkerPoolsConfig& config);
  PoolSlot try_start(double now, int pool) override;
  bool can_start(double now, int pool) override;
  void release(double now, int pool, PoolSlot slot) override;

  int busy(int pool) const { return state_[static_cast<std::size_t>(pool)].reserved_busy + borrowed(pool); }
  int borrowed(int pool) const { return state_[static_cast<std::size_t>(pool)].borrowed; }
  int flex_in_use() const { return flex_in_use_; }

 private:
  struct State {
    int reserved_busy = 0;
    int borrowed = 0;
  };
  // The worker a request of `pool` would take now.
  PoolSlot free_slot(int pool) const;
  WorkerPoolsConfig config_;
  std::vector<State> state_;
  int flex_in_use_ = 0;
};

}  // namespace chaossim::patterns
