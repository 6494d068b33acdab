#pragma once
// Bulkhead: at most `max_concurrent` calls in flight; up to `max_queue` more
// callers wait (each at most `max_wait`, which the caller times) for a permit.
// Decisions only: the caller keeps its waiting callers in order.
#include <string>

#include "patterns/bulkhead_config.hpp"
#include "patterns/enum_names.hpp"

namespace chaossim::patterns {

enum class Admission { admitted, must_wait, rejected };
inline constexpr std::array<std::string_view, 3> admission_names{"admitted", "must_wait", "rejected"};

class Bulkhead {
 public:
  virtual ~Bulkhead() = default;
  virtual Admission try_enter(double now) = 0;
  // A call that held a permit ended. True when the permit passes straight to
  // the longest-waiting caller, who may now go.
  virtual bool on_leave(double now) = 0;
  // A waiting caller gave up (its max_wait passed) without a permit.
  virtual void on_give_up(double now) = 0;
};

class ReferenceBulkhead final : public Bulkhead {
 public:
  explicit ReferenceBulkhead(const BulkheadConfig& config) : config_(config) {}
  Admission try_enter(double now) override;
  bool on_leave(double now) override;
  void on_give_up(double now) override;

  int in_flight() const { return in_flight_; }
  int waiting() const { return waiting_; }

 private:
  BulkheadConfig config_;
  int in_flight_ = 0;
  int waiting_ = 0;
};


}  // namespace chaossim::patterns
