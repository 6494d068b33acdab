#include "patterns/bulkhead.hpp"

#include <cassert>

namespace chaossim::patterns {

Admission ReferenceBulkhead::try_enter(double) {
  // Waiting callers go first: a newcomer never overtakes the queue.
  if (in_flight_ < config_.max_concurrent && waiting_ == 0) {
    ++in_flight_;
    return Admission::admitted;
  }
  if (waiting_ < config_.max_queue && config_.max_wait_s > 0) {
    ++waiting_;
    return Admission::must_wait;
  }
  return Admission::rejected;
}

bool ReferenceBulkhead::on_leave(double) {
  assert(in_flight_ > 0 && "on_leave without a permit");
  if (waiting_ > 0) {
    --waiting_;  // the permit passes on; in_flight_ is unchanged
    return true;
  }
  --in_flight_;
  return false;
}

void ReferenceBulkhead::on_give_up(double) {
  assert(waiting_ > 0 && "on_give_up without a waiting caller");
  --waiting_;
}

}  // namespace chaossim::patterns
