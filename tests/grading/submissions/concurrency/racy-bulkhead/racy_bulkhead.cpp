// The reference patterns behind their locks (the test copies patterns/*.cpp
// and locked_patterns.hpp in), but a bulkhead whose count of callers in
// flight is a plain int that every thread reads and writes without a lock:
// right one call at a time, a data race with two.
#include "locked_patterns.hpp"

namespace {

using namespace chaossim::patterns;

class RacyBulkhead final : public Bulkhead {
 public:
  explicit RacyBulkhead(const BulkheadConfig& c) : permits_(c.max_concurrent) {}
  Admission try_enter(double) override {
    if (in_flight_ >= permits_) return Admission::rejected;
    ++in_flight_;
    return Admission::admitted;
  }
  bool on_leave(double) override {
    --in_flight_;
    return false;
  }
  void on_give_up(double) override {}

 private:
  int permits_;
  int in_flight_ = 0;
};

class Patterns final : public reference_submission::LockedReferenceFactory {
 public:
  std::unique_ptr<Bulkhead> bulkhead(const BulkheadConfig& c) override { return std::make_unique<RacyBulkhead>(c); }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
