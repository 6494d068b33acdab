// The reference patterns behind their locks (the test copies patterns/*.cpp
// and locked_patterns.hpp in), but a bulkhead whose counts of callers in
// flight and waiting are plain ints that every thread reads and writes
// without a lock: right one call at a time, a data race with two.
#include "locked_patterns.hpp"

namespace {

using namespace chaossim::patterns;

class RacyBulkhead final : public Bulkhead {
 public:
  explicit RacyBulkhead(const BulkheadConfig& c) : config_(c) {}
  Admission try_enter(double) override {
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
  bool on_leave(double) override {
    if (waiting_ > 0) {
      --waiting_;
      return true;
    }
    --in_flight_;
    return false;
  }
  void on_give_up(double) override { --waiting_; }

 private:
  BulkheadConfig config_;
  int in_flight_ = 0;
  int waiting_ = 0;
};

class Patterns final : public reference_submission::LockedReferenceFactory {
 public:
  std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig& c) override { return std::make_unique<RacyBulkhead>(c); }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
